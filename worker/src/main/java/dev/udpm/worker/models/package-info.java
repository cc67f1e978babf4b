/**
 * Model management of the worker: which UDPM model versions are loaded and leased to batches.
 *
 * <ul>
 *   <li>{@link dev.udpm.worker.models.ModelRegistry} (contract with the job pipeline) is implemented by the thin bean
 *       {@link dev.udpm.worker.models.WorkerModelRegistry} over the framework-free
 *       {@link dev.udpm.worker.models.LoadedModels}: per model name a {@link dev.udpm.worker.models.ModelVersions}
 *       (latest in an AtomicReference, up to N versions) of ref-counted {@link dev.udpm.worker.models.ModelHandle}s
 *       (docs/tensorflow.md#hot-reload).</li>
 *   <li>Hot reload: {@link dev.udpm.worker.models.ModelAnnouncements} (udpm.models) -> {@link
 *       dev.udpm.worker.models.HotReloader} (one loader thread) -> {@link dev.udpm.worker.models.StoreModelPreparer}
 *       (download + sha256 by {@link dev.udpm.worker.models.ModelFetcher}, verify, load with {@link
 *       dev.udpm.worker.models.DeviceConfig}, {@link dev.udpm.worker.models.ModelWarmup}) -> atomic swap. Every
 *       change is a {@code model-status} event ({@link dev.udpm.worker.models.ModelEvents}) and a metric ({@link
 *       dev.udpm.worker.models.ModelMetrics}).</li>
 *   <li>Start-up: {@link dev.udpm.worker.models.ModelStartup} reads udpm.models to its end, loads the newest
 *       announced version of each model (if it is rejected, the last good version in the object store), then
 *       {@link dev.udpm.worker.models.BundledModel} falls back to the bundled model.</li>
 *   <li>Every load of a version (hot reload, pinned job, fallback) takes the one verification path of {@link
 *       dev.udpm.worker.models.LoadedModels}, checked against the announcement the worker read ({@link
 *       dev.udpm.worker.models.KnownVersions}); the rule for which version serves is in docs/model-versions.md.</li>
 * </ul>
 */
package dev.udpm.worker.models;
