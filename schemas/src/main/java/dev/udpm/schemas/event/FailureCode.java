package dev.udpm.schemas.event;

/** Machine-readable reason of a {@link JobFailed} event; the wire value is the constant's name. */
public enum FailureCode {
    /** The request broke the contract (schema or cross-field rule); {@code field} names the culprit. */
    INVALID_REQUEST,
    /** A different request already used this jobId. */
    JOB_ID_CONFLICT,
    /** No published model (or version) of that name. */
    MODEL_NOT_FOUND,
    /** The model exists but could not be downloaded, verified or loaded. */
    MODEL_LOAD_FAILED,
    /** The request is valid but exceeds what this model or fleet allows (e.g. a level above L). */
    LIMIT_EXCEEDED,
    /**
     * The object store stayed unreachable (or kept answering with server errors) for longer than the worker retries
     * ({@code udpm.storage.retry.max-duration}); the images already stored are kept, so resending the same request
     * once the store is back resumes the job.
     */
    STORAGE_UNAVAILABLE,
    /**
     * The job's tenant is over one of its quotas ({@code udpm.worker.tenants.*}: images in flight, images per hour);
     * the message names the limit and the tenant's current use. Nothing was computed: resend the same request once
     * the tenant's earlier jobs have ended (in flight) or the hour's window has room.
     */
    QUOTA_EXCEEDED,
    /** A fault on our side; retrying may help. */
    INTERNAL
}
