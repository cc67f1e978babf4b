package dev.udpm.worker.jobs;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.worker.batching.BatchSlice;
import dev.udpm.worker.batching.DynamicBatcher;
import dev.udpm.worker.models.ModelLease;
import org.jboss.logging.Logger;

/**
 * How a job of {@link JobPipeline} ends: finished (what follows is its kind's: {@link ExecutionKind#finish}),
 * rejected, failed, cancelled or handed over (no event). Exactly one terminal write per execution; then the
 * job leaves the batcher and the active jobs, its lease is closed, its tenant's in-flight images given back, its
 * metrics recorded and its stage completed.
 * Remembers the last cancelled jobs, so a copy of one is answered with {@code cancelled}.
 */
final class JobEnding {

    private static final Logger LOG = Logger.getLogger(JobPipeline.class);

    private final Map<String, JobExecution> active;
    private final DynamicBatcher<JobExecution> batcher;
    private final JobEvents events;
    private final JobMetrics metrics;
    private final Map<String, String> recentlyCancelled;

    JobEnding(Map<String, JobExecution> active, DynamicBatcher<JobExecution> batcher, JobEvents events,
            JobMetrics metrics, int rememberedCancellations) {
        this.active = active;
        this.batcher = batcher;
        this.events = events;
        this.metrics = metrics;
        int remember = rememberedCancellations;
        this.recentlyCancelled = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > remember;
            }
        });
    }

    /** Whether {@code e} is a copy (same jobId and content) of a job recently cancelled on this worker. */
    boolean cancelledBefore(JobExecution e) {
        return e.contentSha256.equals(recentlyCancelled.get(e.jobId()));
    }

    /** Every image of {@code e} is stored: its kind writes what follows and ends it. */
    void finish(JobExecution e) {
        e.kind.finish(e);
    }

    void reject(JobExecution e, JobRejection rejection) {
        LOG.infof("Job %s rejected: %s %s (field %s)", e.jobId(), rejection.code(), rejection.getMessage(),
                rejection.field());
        end(e, events.failed(e, rejection.code(), rejection.getMessage(), rejection.field()), JobOutcome.FAILED,
                rejection.code());
    }

    /**
     * The job stopped because it was asked to: {@code cancelled} for a cancel; nothing for a hand-over (another
     * worker owns its record now and resumes the job: the images stored here and the claim stay).
     */
    void cancelled(JobExecution e) {
        if (e.handedOver()) {
            LOG.infof("%s handed over: its partition moved to another worker, which resumes it from the %d images"
                    + " stored", e, e.done());
            end(e, () -> CompletableFuture.completedFuture(null), "nothing", JobOutcome.HANDED_OVER, null);
            return;
        }
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

    /** Writes the terminal event once (through its kind: {@link ExecutionKind#terminal}), releases resources. */
    void end(JobExecution e, JobEvent terminal, JobOutcome outcome, FailureCode code) {
        end(e, () -> e.kind.terminal(e, terminal), terminal.eventType(), outcome, code);
    }

    /** Runs {@code write} once, releases the job's resources, then completes the job's stage. */
    void end(JobExecution e, Supplier<CompletionStage<Void>> write, String what, JobOutcome outcome,
            FailureCode code) {
        if (!e.markDone()) {
            return;
        }
        batcher.cancel(e);
        ModelLease held = e.lease();
        String model = held == null ? JobMetrics.NO_MODEL : held.name();
        String modelVersion = held == null ? JobMetrics.NO_MODEL : held.version();
        closeLease(e);
        e.releaseQuota();
        CompletionStage<Void> written;
        try {
            written = write.get();
        } catch (RuntimeException failure) {
            written = CompletableFuture.failedFuture(failure);
        }
        written.whenComplete((ok, failure) -> {
            e.trace.end(Instant.now(), failure == null ? outcome.tag() : what + " not written",
                    code == null ? null : code.name());
            active.remove(e.key(), e);
            metrics.jobFinished(e.request.jobType(), outcome, code, model, modelVersion,
                    System.nanoTime() - e.receivedNanos);
            try (JobMdc ignored = JobMdc.of(e)) {
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
        closeQuietly(e, e.releaseLease());
    }

    /** Closes {@code lease} of {@code e} (if any), logging a failure. */
    void closeQuietly(JobExecution e, ModelLease lease) {
        if (lease != null) {
            try {
                lease.close();
            } catch (RuntimeException failure) {
                LOG.warnf(failure, "Job %s: closing its model lease failed", e.jobId());
            }
        }
    }
}
