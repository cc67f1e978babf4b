package dev.udpm.worker.jobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.storage.StorageUnavailableException;
import dev.udpm.worker.batching.BatchSlice;
import dev.udpm.worker.batching.DynamicBatcher;
import dev.udpm.worker.models.ModelLease;
import org.jboss.logging.Logger;

/**
 * How a job of {@link JobPipeline} ends: finished (derived images, manifest LAST, then {@code completed}; a shard:
 * {@link ShardSteps#finish}), rejected, failed or cancelled. Exactly one terminal write per execution; then the
 * job leaves the batcher and the active jobs, its lease is closed, its metrics recorded and its stage completed.
 * Remembers the last cancelled jobs, so a copy of one is answered with {@code cancelled}.
 */
final class JobEnding {

    private static final Logger LOG = Logger.getLogger(JobPipeline.class);
    private static final int REMEMBERED_ENDINGS = 4096;

    private final Map<String, JobExecution> active;
    private final DynamicBatcher<JobExecution> batcher;
    private final JobEvents events;
    private final JobOutputWriter output;
    private final ShardSteps shards;
    private final JobMetrics metrics;
    private final Map<String, String> recentlyCancelled;
    /** When the terminal event of each recently ended job (not shard) was written here. */
    private final Map<String, Instant> recentlyEnded;
    private final Function<String, Optional<Instant>> endedFleetWideAt;

    JobEnding(Map<String, JobExecution> active, DynamicBatcher<JobExecution> batcher, JobEvents events,
            JobOutputWriter output, ShardSteps shards, JobMetrics metrics, int rememberedCancellations,
            Function<String, Optional<Instant>> endedFleetWideAt) {
        this.active = active;
        this.batcher = batcher;
        this.events = events;
        this.output = output;
        this.shards = shards;
        this.metrics = metrics;
        int remember = rememberedCancellations;
        this.recentlyCancelled = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > remember;
            }
        });
        this.recentlyEnded = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > REMEMBERED_ENDINGS;
            }
        });
        this.endedFleetWideAt = endedFleetWideAt;
    }

    /**
     * When {@code e}'s job ended after its record was written (here, or as the fleet-wide state says), if it did:
     * then the record is a redelivery of one already answered, not a new submission.
     */
    Optional<Instant> answeredBefore(JobExecution e) {
        Instant recordTime = e.recordTime;
        if (recordTime == null || e.shard != null) {
            return Optional.empty();
        }
        return Optional.ofNullable(recentlyEnded.get(e.jobId())).or(() -> endedFleetWideAt.apply(e.jobId()))
                .filter(ended -> ended.isAfter(recordTime));
    }

    /** Whether {@code e} is a copy (same jobId and content) of a job recently cancelled on this worker. */
    boolean cancelledBefore(JobExecution e) {
        return e.contentSha256.equals(recentlyCancelled.get(e.jobId()));
    }

    /** Derived images, manifest LAST, claim removed, then {@code completed}. */
    void finish(JobExecution e) {
        if (e.shard != null) {
            end(e, () -> shards.finish(e), "shard-done", JobOutcome.COMPLETED, null);
            return;
        }
        try (JobMdc ignored = JobMdc.of(e.jobId())) {
            JobOutputWriter.Written written = output.finish(e);
            end(e, events.completed(e, written.stored(), written.manifest()), JobOutcome.COMPLETED, null);
        } catch (RuntimeException failure) {
            LOG.errorf(failure, "Finishing job %s failed", e.jobId());
            FailureCode code = failure instanceof StorageUnavailableException ? FailureCode.STORAGE_UNAVAILABLE
                    : FailureCode.INTERNAL;
            end(e, events.failed(e, code, "writing the derived images or the manifest failed: "
                    + failure.getMessage() + "; the images are kept: resend the same request to resume", null),
                    JobOutcome.FAILED, code);
        }
    }

    void reject(JobExecution e, JobRejection rejection) {
        LOG.infof("Job %s rejected: %s %s (field %s)", e.jobId(), rejection.code(), rejection.getMessage(),
                rejection.field());
        end(e, events.failed(e, rejection.code(), rejection.getMessage(), rejection.field()), JobOutcome.FAILED,
                rejection.code());
    }

    void cancelled(JobExecution e) {
        recentlyCancelled.put(e.jobId(), e.contentSha256);
        end(e, events.cancelled(e), JobOutcome.CANCELLED, null);
    }

    /** A slice's chain call or storage failed: the job fails. */
    void sliceFailed(BatchSlice<JobExecution> slice, FailureCode code, String message) {
        slice.job().sliceFailed();
        end(slice.job(), events.failed(slice.job(), code, message,
                code == FailureCode.MODEL_NOT_FOUND || code == FailureCode.MODEL_LOAD_FAILED ? "/model" : null),
                JobOutcome.FAILED, code);
    }

    /** Writes the terminal event once (a shard: {@link ShardSteps#terminal}), releases the job's resources. */
    void end(JobExecution e, JobEvent terminal, JobOutcome outcome, FailureCode code) {
        end(e, () -> events.terminal(e, terminal).thenRun(() -> {
            if (e.shard == null) {
                recentlyEnded.put(e.jobId(), terminal.time());
            }
        }), terminal.eventType(), outcome, code);
    }

    /** Runs {@code write} once, releases the job's resources, then completes the job's stage. */
    void end(JobExecution e, Supplier<CompletionStage<Void>> write, String what, JobOutcome outcome,
            FailureCode code) {
        if (!e.markDone()) {
            return;
        }
        batcher.cancel(e);
        closeLease(e);
        CompletionStage<Void> written;
        try {
            written = write.get();
        } catch (RuntimeException failure) {
            written = CompletableFuture.failedFuture(failure);
        }
        written.whenComplete((ok, failure) -> {
            active.remove(e.key(), e);
            metrics.jobFinished(e.request.jobType(), outcome, code, System.nanoTime() - e.receivedNanos);
            try (JobMdc ignored = JobMdc.of(e.jobId())) {
                if (failure == null) {
                    LOG.infof("%s %s", e, outcome.tag());
                    e.result.complete(outcome);
                } else {
                    LOG.errorf(failure, "%s: its %s could not be written; its offset is NOT committed"
                            + " and it will be redone (idempotently)", e, what);
                    e.result.completeExceptionally(failure);
                }
            }
        });
    }

    void closeLease(JobExecution e) {
        ModelLease lease = e.lease;
        if (lease != null) {
            e.lease = null;
            try {
                lease.close();
            } catch (RuntimeException failure) {
                LOG.warnf(failure, "Job %s: closing its model lease failed", e.jobId());
            }
        }
    }
}
