package dev.udpm.worker.models;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which models the worker loads, where it downloads them, and how many versions it keeps. */
@ConfigMapping(prefix = "udpm.worker.models")
public interface ModelsConfig {

    /**
     * {@code udpm.worker.models.bundled-dir}: an exported model directory ({@code manifest.json} + SavedModel)
     * loaded at start when {@code udpm.models} announces no version of its model. Unset: the model packaged in the
     * worker's jar (see {@link #packagedDefault()}).
     */
    Optional<Path> bundledDir();

    /**
     * {@code udpm.worker.models.packaged-default}: when {@code bundled-dir} is unset, serve the trained
     * Fashion-MNIST model packaged in the worker's jar ({@link PackagedModel}) at start, unless {@code udpm.models}
     * announces a version of it. {@code false}: the worker starts with no model until one is published (readiness
     * stays DOWN).
     */
    @WithDefault("true")
    boolean packagedDefault();

    /**
     * {@code udpm.worker.models.cache-dir}: local directory where published versions are downloaded and verified
     * before loading (each download is deleted once loaded). Must be writable.
     */
    @WithDefault("${java.io.tmpdir}/udpm-model-cache")
    Path cacheDir();

    /**
     * {@code udpm.worker.models.max-versions-per-model}: versions of one model kept loaded (the latest plus
     * recently pinned or replaced ones); beyond it the least recently used non-latest version is closed after its
     * last batch. 1 keeps only the latest.
     */
    @WithDefault("2")
    int maxVersionsPerModel();

    /**
     * {@code udpm.worker.models.warmup-batch-size}: images in the warm-up call made before a version serves; defaults
     * to the pipeline's batch size ({@code udpm.worker.batching.max-size}) so the first real batch runs at full speed.
     */
    @WithDefault("${udpm.worker.batching.max-size:8}")
    int warmupBatchSize();

    /**
     * {@code udpm.worker.models.announcement-catch-up}: at start, how long to wait for the compacted
     * {@code udpm.models} topic to be read to its end before falling back to the bundled model.
     */
    @WithDefault("PT30S")
    Duration announcementCatchUp();

    /**
     * {@code udpm.worker.models.load-timeout}: liveness turns DOWN (and Kubernetes restarts the worker) when one
     * model load (download, verify, load, warm-up) runs longer than this: TensorFlow or the store is stuck.
     */
    @WithDefault("PT10M")
    Duration loadTimeout();
}
