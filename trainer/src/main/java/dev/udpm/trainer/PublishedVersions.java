package dev.udpm.trainer;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.validation.ContractValidator;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The model versions already published, from the compacted topic {@code udpm.models} (key = model name,
 * value = {@link ModelPublished} JSON), read from the beginning at every start. Compaction keeps only the
 * newest record per model, so after a restart {@link #versions} holds at least the newest version of each
 * model plus everything announced since. A tombstone (null value) forgets the model; a record that is not
 * a valid model-published message, or whose key is not its model name, is logged and skipped.
 */
@ApplicationScoped
public class PublishedVersions {

    private static final Logger LOG = Logger.getLogger(PublishedVersions.class);

    /** Model name to its versions in announcement order (the last one is the newest). */
    private final Map<String, Set<String>> versionsByModel = new ConcurrentHashMap<>();
    /** Model name to its newest announcement: the model's rollout state (latest and canary). */
    private final Map<String, ModelPublished> newest = new ConcurrentHashMap<>();

    @Incoming("published-models")
    void onPublished(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                versionsByModel.remove(record.key());
                newest.remove(record.key());
            }
            return;
        }
        try {
            ModelPublished published = ContractValidator.shared().parseModelPublished(record.value());
            if (!published.name().equals(record.key())) {
                throw new IllegalArgumentException("record key must be the model name '" + published.name() + "'");
            }
            versionsByModel.compute(published.name(), (name, versions) -> {
                Set<String> updated = versions == null ? new LinkedHashSet<>() : new LinkedHashSet<>(versions);
                updated.remove(published.version()); // a re-announcement makes it the newest again
                updated.add(published.version());
                return Collections.unmodifiableSet(updated); // readers get an immutable snapshot
            });
            newest.put(published.name(), published);
        } catch (RuntimeException e) {
            LOG.warnf("Skipping invalid model announcement at %s-%d@%d (key '%s'): %s", record.topic(),
                    record.partition(), record.offset(), record.key(), e.getMessage());
        }
    }

    /** The published versions of {@code modelName} in announcement order; empty if none. */
    public Set<String> versions(String modelName) {
        return versionsByModel.getOrDefault(modelName, Set.of());
    }

    /** Whether {@code version} of {@code modelName} has been published. */
    public boolean isPublished(String modelName, String version) {
        return versions(modelName).contains(version);
    }

    /** The newest announcement of {@code modelName} (its latest version and canary), or empty if none. */
    public Optional<ModelPublished> current(String modelName) {
        return Optional.ofNullable(newest.get(modelName));
    }

    /** The most recently announced version of {@code modelName}, or empty if none. */
    public Optional<String> latestVersion(String modelName) {
        return versions(modelName).stream().reduce((first, second) -> second);
    }
}
