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
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.udpm.schemas.Topics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
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
 *
 * <p>The slow part of a restart is the bundled model's verification, load (TensorFlow's native library on the first
 * load) and warm-up; it does not depend on the announcements, so it runs {@link BundledModel#prepareAhead ahead}, on
 * a thread of its own from the first start-up observer on (before the messaging channels start), while the
 * application boots and the topic is read. Only installing it waits for the decision, which is unchanged.
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

    /** First of the start-up observers (before the messaging channels start), so the model work starts early. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        Thread thread = new Thread(() -> select(this::bundledDirectory,
                () -> awaitAnnouncements(config.announcementCatchUp()), reloader, models,
                name -> announcements.latestVersions().containsKey(name))
                .whenComplete((ignored, failure) -> selected.complete(null)), "udpm-model-startup");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The selection: starts {@link BundledModel#prepareAhead preparing} the bundled model ({@code bundledDirectory},
     * resolved on that thread too) on a thread of its own, runs {@code catchUp} (reading {@code udpm.models} to its
     * end) meanwhile, then starts {@code reloader} (the announced versions first) and, on its thread after them,
     * {@link BundledModel#loadIfNeeded(BundledModel.Early, LoadedModels) installs the bundled model if needed}. The
     * returned stage completes (never exceptionally) when that decision ran.
     */
    static CompletableFuture<Void> select(Supplier<Optional<Path>> bundledDirectory, Runnable catchUp,
            HotReloader reloader, LoadedModels models, Predicate<String> announced) {
        long t0 = System.nanoTime();
        CompletableFuture<BundledModel.Early> early = new CompletableFuture<>();
        Thread ahead = new Thread(() -> {
            Optional<Path> dir = Optional.empty();
            try {
                dir = bundledDirectory.get();
                BundledModel.Early prepared = BundledModel.prepareAhead(dir, models, announced);
                if (prepared.prepared()) {
                    LOG.infof("Start-up: bundled model %s prepared ahead of the model selection (%d ms after start)",
                            dir.get(), millisSince(t0));
                }
                early.complete(prepared);
            } catch (RuntimeException | Error e) {
                LOG.warnf("Start-up: preparing the bundled model ahead failed (%s); it is prepared at the decision",
                        e.toString());
                early.complete(BundledModel.Early.notPrepared(dir));
            }
        }, "udpm-model-startup-bundled");
        ahead.setDaemon(true);
        ahead.start();
        try {
            catchUp.run();
            LOG.infof("Start-up: done waiting for %s (%d ms after start)", Topics.MODELS, millisSince(t0));
        } catch (RuntimeException e) {
            LOG.warnf("Start-up: reading %s failed (%s); deciding without it", Topics.MODELS, e.toString());
        }
        reloader.start();
        CompletableFuture<Void> done = new CompletableFuture<>();
        reloader.submit(() -> BundledModel.loadIfNeeded(early.join(), models))
                .whenComplete((ignored, failure) -> done.complete(null));
        return done;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** The configured bundled directory, else the jar's packaged model copied under the cache directory. */
    private Optional<Path> bundledDirectory() {
        if (config.bundledDir().isPresent() || !config.packagedDefault()) {
            return config.bundledDir();
        }
        try {
            long t0 = System.nanoTime();
            Optional<Path> packaged = PackagedModel.extract(config.cacheDir(), ModelStartup.class.getClassLoader());
            LOG.infof("Start-up: packaged model in %s after %d ms", packaged.map(Path::toString).orElse("-"),
                    millisSince(t0));
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
