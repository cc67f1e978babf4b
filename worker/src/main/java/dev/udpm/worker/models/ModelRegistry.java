package dev.udpm.worker.models;

import java.util.List;

/**
 * The model versions this worker has loaded, and leases on them for batches.
 *
 * <p>A lease keeps its version loaded: a hot reload that retires the version closes it only after the last lease
 * is released, so in-flight batches finish on the version they started with.
 */
public interface ModelRegistry {

    /**
     * Leases the version a job asks for.
     *
     * @param name model name (the job's {@code model.name})
     * @param version the job's pinned {@code model.version}, or {@code null} for the latest loaded version
     * @return a lease to close when the batch is done (try-with-resources)
     * @throws ModelNotAvailableException if the name is unknown or the version cannot be loaded; its message says
     *     which name/version and why; it becomes a {@code failed} event with its {@link
     *     ModelNotAvailableException#failureCode() code} (MODEL_NOT_FOUND or MODEL_LOAD_FAILED)
     */
    ModelLease acquire(String name, String version);

    /**
     * Leases the version a job asks for; an unpinned job ({@code version == null}) may be routed by its
     * {@code jobId} to the model's canary. Registries without canaries ignore {@code jobId}.
     */
    default ModelLease acquire(String name, String version, String jobId) {
        return acquire(name, version);
    }

    /** The versions loaded now (for {@code GET /v1/models} and readiness). */
    List<LoadedModel> loaded();
}
