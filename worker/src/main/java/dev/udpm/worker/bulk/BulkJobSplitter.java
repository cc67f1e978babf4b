package dev.udpm.worker.bulk;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.udpm.schemas.Limits;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.GenerateShard;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.storage.StorageUnavailableException;
import dev.udpm.worker.events.JobEventSink;
import dev.udpm.worker.events.ShardTaskSink;
import dev.udpm.worker.jobs.JobMdc;
import dev.udpm.worker.jobs.JobPlanner;
import dev.udpm.worker.jobs.JobRejection;
import dev.udpm.worker.jobs.JobTrace;
import dev.udpm.worker.jobs.JobTracer;
import dev.udpm.worker.jobs.RequestContent;
import dev.udpm.worker.models.ModelLease;
import dev.udpm.worker.models.ModelNotAvailableException;
import dev.udpm.worker.models.ModelRegistry;
import dev.udpm.worker.output.BulkPlan;
import dev.udpm.worker.output.JobObjects;
import dev.udpm.worker.tenants.QuotaExceeded;
import dev.udpm.worker.tenants.TenantQuotas;
import org.jboss.logging.Logger;

/**
 * Splits a bulk generate job (on the worker that receives it, the owner of the jobId's partition) and lets go of
 * it: the job's record is acknowledged once its shard tasks and {@code accepted} are written, so a bulk job never
 * holds its partition for the whole job.
 * <ol>
 *   <li>Merged manifest present: same content -> {@code completed} again ({@link ShardCompletion#replay}); other
 *       content -> {@code failed JOB_ID_CONFLICT}.</li>
 *   <li>{@code bulk.json} present: other content -> conflict; the job cancelled fleet-wide -> {@code cancelled}
 *       again (nothing republished); else the SAME split is republished (redelivery after a crash).</li>
 *   <li>Else: the model version is resolved and pinned (every shard uses it), the request is checked against the
 *       model ({@link JobPlanner}: labels, conditioning -> {@code failed INVALID_REQUEST}), admitted against its
 *       tenant's quotas ({@link TenantQuotas#admitBulk}: the whole count to the hour, room for its first shard in
 *       flight; over them -> {@code failed QUOTA_EXCEEDED}), cut ({@link ShardSplit}) and {@code bulk.json} written
 *       before any shard task. A redelivered split (step 2) is not charged again.</li>
 *   <li>Every {@code generate-shard} record (key {@code {jobId}#s{k}}, inheriting the job's priority), then
 *       {@code accepted}.</li>
 * </ol>
 * Tracing: the split is a span {@value JobTrace.BulkStep#SPLIT} continuing the record's trace context, or, for a
 * redelivered split, the context stored in {@code bulk.json} ({@link BulkPlan#traceContext()}, written once with the
 * first split's span); the events it writes carry that trace's id, and the shard records carry the stored context
 * as headers, so every shard's execution joins the bulk job's one trace and a redelivery republishes the same records.
 */
public final class BulkJobSplitter {

    private static final Logger LOG = Logger.getLogger(BulkJobSplitter.class);

    private final JobObjects objects;
    private final ModelRegistry registry;
    private final ShardTaskSink shardTasks;
    private final JobEventSink events;
    private final ShardCompletion completion;
    private final Predicate<String> cancelledFleetWide;
    private final Function<String, Optional<Instant>> endedFleetWideAt;
    private final int shardSize;
    private final String workerId;
    private final TenantQuotas quotas;
    private final JobTracer tracer;
    private final Clock clock;

    public BulkJobSplitter(JobObjects objects, ModelRegistry registry, ShardTaskSink shardTasks, JobEventSink events,
            ShardCompletion completion, Predicate<String> cancelledFleetWide, int shardSize, String workerId,
            Clock clock) {
        this(objects, registry, shardTasks, events, completion, cancelledFleetWide, jobId -> Optional.empty(),
                shardSize, workerId, TenantQuotas.unlimited(clock), JobTracer.none(), clock);
    }

    /**
     * @param endedFleetWideAt when a job's terminal event was written, if the fleet-wide state holds one (a
     *     redelivered bulk record of an ended job is not answered again)
     * @param tracer traces each split ({@link JobTracer#none()}: none)
     */
    public BulkJobSplitter(JobObjects objects, ModelRegistry registry, ShardTaskSink shardTasks, JobEventSink events,
            ShardCompletion completion, Predicate<String> cancelledFleetWide,
            Function<String, Optional<Instant>> endedFleetWideAt, int shardSize, String workerId, TenantQuotas quotas,
            JobTracer tracer, Clock clock) {
        this.quotas = quotas;
        this.tracer = tracer;
        this.endedFleetWideAt = endedFleetWideAt;
        this.objects = objects;
        this.registry = registry;
        this.shardTasks = shardTasks;
        this.events = events;
        this.completion = completion;
        this.cancelledFleetWide = cancelledFleetWide;
        this.shardSize = shardSize;
        this.workerId = workerId;
        this.clock = clock;
    }

    /**
     * Splits {@code request} ({@code bulk: true}).
     *
     * @return completes once the shard tasks and {@code accepted} (or the terminal event) are written; fails if they
     *     could not be (the caller must then not acknowledge the job: it is split again, identically)
     */
    public CompletionStage<Void> split(GenerateJob request) {
        return split(request, null, Map.of());
    }

    /**
     * Splits {@code request} read from a record written at {@code recordTime}; if the job ended (fleet-wide state)
     * after that, the record is a redelivery of one already answered: nothing is written.
     *
     * @param recordTime the record's Kafka timestamp, or {@code null} to always answer
     * @param traceContext the record's W3C trace-context headers (empty when it had none): the split continues that
     *     trace, unless {@code bulk.json} of the same request holds the trace of an earlier split
     */
    public CompletionStage<Void> split(GenerateJob request, Instant recordTime, Map<String, String> traceContext) {
        String jobId = request.jobId();
        Instant began = clock.instant();
        Optional<Instant> ended = recordTime == null ? Optional.empty()
                : endedFleetWideAt.apply(jobId).filter(at -> at.isAfter(recordTime));
        if (ended.isPresent()) {
            LOG.infof("Bulk job %s already ended at %s, after its record was written (%s): a redelivered record, not"
                    + " answered again", jobId, ended.get(), recordTime);
            return CompletableFuture.completedFuture(null);
        }
        String content = RequestContent.sha256(request);
        JobTrace trace = JobTrace.NONE;
        try {
            Optional<JobManifest> merged;
            Optional<BulkPlan> existing;
            try {
                merged = objects.manifest(jobId);
                existing = objects.bulkPlan(jobId);
            } catch (StorageUnavailableException unavailable) {
                trace = tracer.startBulk(JobTrace.BulkStep.SPLIT, jobId, traceContext, began);
                return ended(trace, storageUnavailable(request, unavailable, trace));
            }
            trace = tracer.startBulk(JobTrace.BulkStep.SPLIT, jobId, existing
                    .filter(plan -> plan.contentSha256().equals(content) && plan.traceContext() != null)
                    .map(BulkPlan::traceContext).orElse(traceContext), began);
            try (JobMdc ignored = JobMdc.of(jobId, trace.traceId())) {
                return ended(trace, split(request, content, merged, existing, trace));
            }
        } catch (RuntimeException failure) {
            LOG.errorf(failure, "Bulk job %s could not be split", jobId);
            trace.end(clock.instant(), "error", null);
            return CompletableFuture.failedFuture(failure);
        }
    }

    private CompletionStage<Void> split(GenerateJob request, String content, Optional<JobManifest> merged,
            Optional<BulkPlan> existing, JobTrace trace) {
        String jobId = request.jobId();
        try {
            if (merged.isPresent()) {
                if (!RequestContent.sha256(merged.get().request()).equals(content)) {
                    throw conflict(jobId, "finished (" + merged.get().key() + ")");
                }
                return completion.replay(merged.get(), trace);
            }
            BulkPlan plan;
            if (existing.isPresent()) {
                plan = existing.get();
                if (!plan.contentSha256().equals(content)) {
                    throw conflict(jobId, "split on " + plan.created() + " (" + plan.key() + ")");
                }
                if (cancelledFleetWide.test(jobId)) {
                    LOG.infof("Bulk job %s was cancelled; answering the copy with cancelled", jobId);
                    return publish(JobCancelled.of(request, workerId, clock.instant()), trace);
                }
                LOG.infof("Bulk job %s arrived again: republishing its %d shards as split on %s", jobId,
                        plan.shards().size(), plan.created());
            } else {
                plan = newPlan(request, content, trace.context());
                quotas.admitBulk(request.tenant(), request.count(), shardSize);
                objects.writeBulkPlan(plan);
            }
            Map<String, String> shardParent = plan.traceContext() != null ? plan.traceContext() : trace.context();
            return publishShards(plan, shardParent).thenCompose(ignored -> publish(
                    JobAccepted.of(request, workerId, clock.instant()), trace));
        } catch (JobRejection rejection) {
            return fail(request, rejection.code(), rejection.getMessage(), rejection.field(), trace);
        } catch (QuotaExceeded exceeded) {
            return fail(request, FailureCode.QUOTA_EXCEEDED, exceeded.getMessage(), null, trace);
        } catch (ModelNotAvailableException unavailable) {
            return fail(request, unavailable.failureCode(), unavailable.getMessage(), "/model", trace);
        } catch (StorageUnavailableException unavailable) {
            return storageUnavailable(request, unavailable, trace);
        }
    }

    private CompletionStage<Void> storageUnavailable(GenerateJob request, StorageUnavailableException unavailable,
            JobTrace trace) {
        return fail(request, FailureCode.STORAGE_UNAVAILABLE, "could not split the bulk job: "
                + unavailable.getMessage() + "; resend the same request once the object store is back", null, trace);
    }

    /** Ends the split's span once {@code written} completes. */
    private CompletionStage<Void> ended(JobTrace trace, CompletionStage<Void> written) {
        return written.whenComplete((ok, failure) -> trace.end(clock.instant(), failure == null ? "split" : "error",
                null));
    }

    private CompletionStage<Void> publish(JobEvent event, JobTrace trace) {
        return TracedEvents.publish(events, event, trace, clock);
    }

    private BulkPlan newPlan(GenerateJob request, String content, Map<String, String> traceContext)
            throws JobRejection {
        String version;
        try (ModelLease lease = registry.acquire(request.model().name(), request.model().version(),
                request.jobId())) {
            JobPlanner.plan(request, lease.model().manifest());
            version = lease.version();
        }
        BulkPlan plan = new BulkPlan(content, request, version,
                ShardSplit.ranges(request.count(), shardSize, Limits.MAX_SHARDS), clock.instant(), traceContext);
        LOG.infof("Bulk job %s: %d images in %d shards of up to %d on %s/%s", request.jobId(), request.count(),
                plan.shards().size(), plan.shards().get(0).size(), request.model().name(), version);
        return plan;
    }

    private CompletionStage<Void> publishShards(BulkPlan plan, Map<String, String> traceContext) {
        GenerateJob pinned = plan.pinnedRequest();
        List<CompletableFuture<Void>> written = plan.shards().stream()
                .map(range -> shardTasks.publish(new GenerateShard(pinned.jobId(), range, pinned), traceContext)
                        .toCompletableFuture())
                .toList();
        return CompletableFuture.allOf(written.toArray(CompletableFuture[]::new));
    }

    private CompletionStage<Void> fail(GenerateJob request, FailureCode code, String message, String field,
            JobTrace trace) {
        LOG.infof("Bulk job %s rejected: %s %s (field %s)", request.jobId(), code, message, field);
        return publish(JobFailed.of(request, workerId, clock.instant(), code, message, field), trace);
    }

    private static JobRejection conflict(String jobId, String what) {
        return new JobRejection(FailureCode.JOB_ID_CONFLICT, "/jobId", "jobId '" + jobId
                + "' was already used by a different request, " + what + "; use a new jobId");
    }
}
