package dev.udpm.worker.models;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.validation.ContractValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The latest announced version of every model, from the compacted topic {@code udpm.models} (key = model
 * name, value = {@link ModelPublished} JSON). Each worker reads the whole topic from the beginning, so after
 * catching up it knows the newest version of every model still announced; a tombstone (null value)
 * withdraws a model (the loaded version keeps serving). A record that is not a valid model-published message,
 * or whose key is not its model name, is logged and skipped, never stopping the channel.
 *
 * <p>Every valid announcement is handed to the {@link HotReloader}, which loads it off this thread. The offsets
 * read so far are tracked so that start-up can tell when the topic has been read to its end
 * ({@link #hasReached}).
 */
@ApplicationScoped
public class ModelAnnouncements {

    private static final Logger LOG = Logger.getLogger(ModelAnnouncements.class);

    private final Map<String, String> latestVersions = new ConcurrentHashMap<>();
    /** Partition to the next offset to read (last handled + 1). */
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();

    @Inject
    HotReloader reloader;

    @Incoming("model-announcements")
    void onAnnouncement(ConsumerRecord<String, String> record) {
        try {
            handle(record);
        } finally {
            positions.merge(record.partition(), record.offset() + 1, Math::max);
        }
    }

    private void handle(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            if (record.key() != null && latestVersions.remove(record.key()) != null) {
                LOG.infof("Model '%s' withdrawn (tombstone at %s-%d@%d)", record.key(), record.topic(),
                        record.partition(), record.offset());
                reloader.withdraw(record.key());
            }
            return;
        }
        try {
            ModelPublished published = ContractValidator.shared().parseModelPublished(record.value());
            if (!published.name().equals(record.key())) {
                throw new IllegalArgumentException("record key must be the model name '" + published.name() + "'");
            }
            latestVersions.put(published.name(), published.version());
            LOG.infof("Model '%s' version '%s' announced%s", published.name(), published.version(),
                    published.canaryVersion().map(c -> " with canary '" + c.version() + "' for " + c.percent()
                            + " % of unpinned jobs").orElse("") + (published.rollout() == null ? ""
                                    : " (" + published.rollout().name().toLowerCase(java.util.Locale.ROOT) + ")"));
            reloader.announce(published);
        } catch (RuntimeException e) {
            LOG.warnf("Skipping invalid model announcement at %s-%d@%d (key '%s'): %s", record.topic(),
                    record.partition(), record.offset(), record.key(), e.getMessage());
        }
    }

    /** The newest announced version of {@code modelName}, or empty if none is known. */
    public Optional<String> latestVersion(String modelName) {
        return Optional.ofNullable(latestVersions.get(modelName));
    }

    /**
     * Whether every partition has been read up to {@code endOffsets} (partition to the offset of the next record
     * to be written, as returned by a list-offsets request for the latest offsets).
     */
    public boolean hasReached(Map<Integer, Long> endOffsets) {
        return endOffsets.entrySet().stream()
                .allMatch(e -> e.getValue() <= 0 || positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** A snapshot: model name to newest announced version. */
    public Map<String, String> latestVersions() {
        return Map.copyOf(latestVersions);
    }
}
