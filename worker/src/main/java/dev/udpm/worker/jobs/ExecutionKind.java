package dev.udpm.worker.jobs;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobProgress;

/**
 * What a {@link JobExecution} runs: a {@link WholeJob} or one {@link BulkShard} of a bulk job. The batching, the chain
 * calls and the image storage are shared; each kind owns the steps in which the two differ: how it starts, which
 * images an earlier attempt stored, its progress event, how it finishes and where its terminal event goes.
 */
sealed interface ExecutionKind permits WholeJob, BulkShard {

    /** What the pipeline knows {@code e} by: the jobId, or {@code {jobId}#s{k}} for a shard. */
    String key(JobExecution e);

    /** {@code job {jobId}} or {@code shard {jobId}#s{k}}, for logs. */
    String describe(JobExecution e);

    /**
     * The start step: idempotency checks, lease, plan. Empty when {@code e} already ended here (answered from what
     * is stored, a copy of a cancelled job, ...); else what it runs with, the lease now owned by the caller.
     *
     * @throws JobRejection when {@code e} is refused (no lease is left open then)
     */
    Optional<Admitted> admit(JobExecution e) throws JobRejection;

    /** The images of {@code e} an interrupted attempt already stored, by key. */
    Map<String, StoredObject> storedBefore(JobExecution e);

    /** Whether {@code e} must stop because its job was cancelled on another worker (asked between batches). */
    boolean cancelledElsewhere(JobExecution e);

    /** A progress event of {@code e} with {@code done} images stored. */
    JobProgress progress(JobExecution e, int done);

    /** Every image of {@code e} is stored: writes what follows and ends it (exactly once). */
    void finish(JobExecution e);

    /** Writes the terminal event of {@code e} (or, for a shard, what stands for it). */
    CompletionStage<Void> terminal(JobExecution e, JobEvent terminal);
}
