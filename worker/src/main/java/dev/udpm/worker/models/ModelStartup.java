package dev.udpm.worker.models;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.udpm.schemas.Topics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Start-up model selection, off the start-up thread: wait (at most {@code udpm.worker.models.announcement-catch-up})
 * until the compacted {@code udpm.models} topic has been read to its end, so the newest announced versions are
 * queued for loading first; then, on the loader thread after them, {@link BundledModel#loadIfNeeded load the bundled
 * model} (the configured directory, else the {@link PackagedModel packaged} one) unless a version of its model is
 * already serving. With neither, readiness stays DOWN ("no model loaded"). {@link #selected()} completes when this
 * selection has run: the job intake waits for it, so a job read while the worker starts waits for its model instead
 * of failing {@code MODEL_NOT_FOUND}.
 */
@ApplicationScoped
public class ModelStartup {

    private static final Logger LOG = Logger.getLogger(ModelStartup.class);

    @Inject
    ModelsConfig config;

    @Inject
    ModelAnnouncements announcements;

    @Inject
    HotReloader reloader;

    @Inject
    LoadedModels models;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private final CompletableFuture<Void> selected = new CompletableFuture<>();

    /**
     * Completes once the start-up selection has run to its end: the announced versions read at start and the bundled
     * model loaded, or failed to load (then the jobs that need them fail as they would later). Never fails.
     */
    public CompletionStage<Void> selected() {
        return selected;
    }

    void onStart(@Observes StartupEvent event) {
        Thread thread = new Thread(this::selectModels, "udpm-model-startup");
        thread.setDaemon(true);
        thread.start();
    }

    private void selectModels() {
        try {
            awaitAnnouncements(config.announcementCatchUp());
        } finally {
            reloader.start();
            reloader.submit(() -> BundledModel.loadIfNeeded(bundledDirectory(), models))
                    .whenComplete((ignored, failure) -> selected.complete(null));
        }
    }

    /** The configured bundled directory, else the jar's packaged model copied under the cache directory. */
    private Optional<Path> bundledDirectory() {
        if (config.bundledDir().isPresent() || !config.packagedDefault()) {
            return config.bundledDir();
        }
        try {
            Optional<Path> packaged = PackagedModel.extract(config.cacheDir(), ModelStartup.class.getClassLoader());
            if (packaged.isEmpty()) {
                LOG.warn("This worker build packages no model (" + PackagedModel.RESOURCE_ROOT + " is not on the class"
                        + " path); set udpm.worker.models.bundled-dir or publish a model on " + Topics.MODELS);
            }
            return packaged;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not unpack the packaged model; set udpm.worker.models.bundled-dir or publish a model"
                    + " on %s", Topics.MODELS);
            return Optional.empty();
        }
    }

    private void awaitAnnouncements(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, Long> ends;
        try {
            ends = endOffsets(timeout);
        } catch (Exception e) {
            LOG.warnf("Could not read the end offsets of %s (%s); deciding on the bundled model without waiting"
                    + " for announcements", Topics.MODELS, e.toString());
            return;
        }
        while (!announcements.hasReached(ends)) {
            if (System.nanoTime() > deadline) {
                LOG.warnf("%s not read to its end offsets %s within %s (udpm.worker.models.announcement-catch-up);"
                        + " announced versions will still be loaded as they arrive", Topics.MODELS, ends, timeout);
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.debugf("%s read to its end offsets %s", Topics.MODELS, ends);
    }

    /** Partition to end offset, for partitions holding at least one record. */
    private Map<Integer, Long> endOffsets(Duration timeout) throws Exception {
        Map<String, Object> adminConfig = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key) && value != null) {
                adminConfig.put(key, value);
            }
        });
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "udpm-worker-model-startup");
        long millis = Math.max(1000, timeout.toMillis());
        try (Admin admin = Admin.create(adminConfig)) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.MODELS)).allTopicNames()
                    .get(millis, TimeUnit.MILLISECONDS).get(Topics.MODELS).partitions().stream()
                    .map(p -> new TopicPartition(Topics.MODELS, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            partitions.forEach(p -> {
                latest.put(p, OffsetSpec.latest());
                earliest.put(p, OffsetSpec.earliest());
            });
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(millis, TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all()
                    .get(millis, TimeUnit.MILLISECONDS);
            Map<Integer, Long> out = new HashMap<>();
            ends.forEach((tp, end) -> {
                if (end.offset() > starts.get(tp).offset()) {
                    out.put(tp.partition(), end.offset());
                }
            });
            return out;
        }
    }
}
