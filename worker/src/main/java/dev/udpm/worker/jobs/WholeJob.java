package dev.udpm.worker.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.storage.StorageUnavailableException;
import dev.udpm.worker.models.ModelLease;
import dev.udpm.worker.models.ModelRegistry;
import dev.udpm.worker.output.JobObjects;
import dev.udpm.worker.tenants.QuotaExceeded;
import dev.udpm.worker.tenants.TenantQuotas;
import org.jboss.logging.Logger;

/**
 * A whole job (not a shard): one instance per pipeline, shared by its jobs.
 * <ul>
 *   <li>Start: a redelivered record of a job that ended after the record was written -> ends quietly; a copy of a
 *       job cancelled here -> {@code cancelled}; a manifest already stored -> {@code completed} again from it (or
 *       {@code JOB_ID_CONFLICT}); else the tenant's quotas are checked ({@link TenantQuotas#check}: over them ->
 *       {@code failed QUOTA_EXCEEDED}, no model leased, nothing accepted), lease, {@link ClaimCheck}, plan, event
 *       size check, the job's images charged to its tenant ({@link TenantQuotas#admit}, refused as above if the use
 *       grew meanwhile), {@code accepted} and the claim of a fresh attempt.</li>
 *   <li>Progress: done/total of the job.</li>
 *   <li>End: derived images, the manifest LAST, claim removed, then {@code completed}; every terminal event is
 *       published and remembered (a later redelivery of the record is recognised).</li>
 * </ul>
 */
final class WholeJob implements ExecutionKind {

    private static final Logger LOG = Logger.getLogger(JobPipeline.class);
    private static final int REMEMBERED_ENDINGS = 4096;

    private final ModelRegistry registry;
    private final JobObjects objects;
    private final JobEvents events;
    private final JobOutputWriter output;
    private final JobEnding ending;
    private final TenantQuotas quotas;
    private final Clock clock;
    /** When the terminal event of each recently ended job was written here. */
    private final Map<String, Instant> recentlyEnded = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f,
            false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > REMEMBERED_ENDINGS;
        }
    });
    private final Function<String, Optional<Instant>> endedFleetWideAt;

    WholeJob(ModelRegistry registry, JobObjects objects, JobEvents events, JobOutputWriter output, JobEnding ending,
            Function<String, Optional<Instant>> endedFleetWideAt, TenantQuotas quotas, Clock clock) {
        this.registry = registry;
        this.quotas = quotas;
        this.objects = objects;
        this.events = events;
        this.output = output;
        this.ending = ending;
        this.endedFleetWideAt = endedFleetWideAt;
        this.clock = clock;
    }

    @Override
    public String key(JobExecution e) {
        return e.jobId();
    }

    @Override
    public String describe(JobExecution e) {
        return "job " + e.jobId();
    }

    @Override
    public Optional<Admitted> admit(JobExecution e) throws JobRejection {
        JobRequest request = e.request;
        Optional<Instant> answered = answeredBefore(e);
        if (answered.isPresent() && sameContentIfFinished(e)) {
            LOG.infof("Job %s already ended at %s, after its record was written (%s): a redelivered record, not"
                    + " answered again", request.jobId(), answered.get(), e.recordTime);
            ending.end(e, () -> CompletableFuture.completedFuture(null), "nothing", JobOutcome.REPLAYED, null);
            return Optional.empty();
        }
        if (ending.cancelledBefore(e)) {
            LOG.infof("Job %s was cancelled on this worker; answering the copy with cancelled", request.jobId());
            ending.cancelled(e);
            return Optional.empty();
        }
        Optional<JobManifest> manifest = objects.manifest(request.jobId());
        if (manifest.isPresent()) {
            replay(e, manifest.get());
            return Optional.empty();
        }
        checkQuota(request);
        ModelLease lease = registry.acquire(request.model().name(), request.model().version(), request.jobId());
        try {
            ClaimCheck.Outcome claim = ClaimCheck.check(e, lease, objects, registry);
            lease = claim.lease();
            Admitted admitted = new Admitted(lease, JobPlanner.plan(request, lease.model().manifest()),
                    claim.reusable() && !JobSamples.inTarShards(request));
            events.checkSize(request, admitted);
            e.holdQuota(admitQuota(request));
            events.accepted(e);
            if (!admitted.resume()) {
                output.claim(e, admitted.model());
            }
            return Optional.of(admitted);
        } catch (JobRejection | RuntimeException refused) {
            ending.closeQuietly(e, lease);
            throw refused;
        }
    }

    /** Refuses a job over its tenant's quota before a model is leased for it (nothing charged yet). */
    private void checkQuota(JobRequest request) throws JobRejection {
        try {
            quotas.check(request.tenant(), request.imageCount(), request.imageCount());
        } catch (QuotaExceeded exceeded) {
            throw quotaExceeded(exceeded);
        }
    }

    /** Charges the job's images to its tenant (in flight and to the hour) once it is planned, or refuses it. */
    private TenantQuotas.Hold admitQuota(JobRequest request) throws JobRejection {
        try {
            return quotas.admit(request.tenant(), request.imageCount());
        } catch (QuotaExceeded exceeded) {
            throw quotaExceeded(exceeded);
        }
    }

    private static JobRejection quotaExceeded(QuotaExceeded exceeded) {
        return new JobRejection(FailureCode.QUOTA_EXCEEDED, null, exceeded.getMessage());
    }

    @Override
    public Map<String, StoredObject> storedBefore(JobExecution e) {
        return objects.existing(e.jobId());
    }

    @Override
    public boolean cancelledElsewhere(JobExecution e) {
        return false;
    }

    @Override
    public JobProgress progress(JobExecution e, int done) {
        return events.jobProgress(e, done);
    }

    /**
     * Derived images, manifest LAST, claim removed, then {@code completed}; unless another attempt stored the job's
     * manifest while this one ran (a rebalance handed the record to another worker while this one still ran it):
     * for the same request that attempt wrote, or writes, the job's one terminal event, so this one ends without an
     * event; for a different request reusing the jobId this one fails {@code JOB_ID_CONFLICT} and leaves that
     * manifest in place. (The look-up is one GET; while no manifest is there it is a 404, as cheap as a HEAD.)
     */
    @Override
    public void finish(JobExecution e) {
        try (JobMdc ignored = JobMdc.of(e)) {
            Instant start = clock.instant();
            Optional<JobManifest> meanwhile = objects.manifest(e.jobId());
            if (meanwhile.isPresent()) {
                e.trace.stage(JobTrace.Stage.FINALIZE, start, clock.instant(), Map.of(), null);
                endFinishedMeanwhile(e, meanwhile.get());
                return;
            }
            JobOutputWriter.Written written;
            try {
                written = output.finish(e);
            } catch (RuntimeException failure) {
                e.trace.stage(JobTrace.Stage.FINALIZE, start, clock.instant(), Map.of(), failure.toString());
                throw failure;
            }
            e.trace.stage(JobTrace.Stage.FINALIZE, start, clock.instant(), Map.of(), null);
            ending.end(e, events.completed(e, written.stored(), written.manifest()), JobOutcome.COMPLETED, null);
        } catch (RuntimeException failure) {
            LOG.errorf(failure, "Finishing job %s failed", e.jobId());
            FailureCode code = failure instanceof StorageUnavailableException ? FailureCode.STORAGE_UNAVAILABLE
                    : FailureCode.INTERNAL;
            ending.end(e, events.failed(e, code, "writing the derived images or the manifest failed: "
                    + failure.getMessage() + "; the images are kept: resend the same request to resume", null),
                    JobOutcome.FAILED, code);
        }
    }

    /** Publishes the terminal event and remembers when the job ended. */
    @Override
    public CompletionStage<Void> terminal(JobExecution e, JobEvent terminal) {
        return events.publish(e, terminal).thenRun(() -> recentlyEnded.put(e.jobId(), terminal.time()));
    }

    /**
     * When {@code e}'s job ended after its record was written (here, or as the fleet-wide state says), if it did:
     * then the record is a redelivery of one already answered, not a new submission.
     */
    private Optional<Instant> answeredBefore(JobExecution e) {
        Instant recordTime = e.recordTime;
        if (recordTime == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(recentlyEnded.get(e.jobId())).or(() -> endedFleetWideAt.apply(e.jobId()))
                .filter(ended -> ended.isAfter(recordTime));
    }

    /**
     * Whether {@code e} is the request that finished, if a manifest is stored (a different request that reused the
     * jobId is answered {@code JOB_ID_CONFLICT}, never skipped as a redelivery); true without a manifest.
     */
    private boolean sameContentIfFinished(JobExecution e) {
        return objects.manifest(e.jobId()).map(manifest -> sameRequest(manifest, e)).orElse(true);
    }

    /** A duplicate whose manifest exists: {@code completed} again from the manifest, or a jobId conflict. */
    private void replay(JobExecution e, JobManifest manifest) throws JobRejection {
        if (!sameRequest(manifest, e)) {
            throw conflict(e, manifest);
        }
        LOG.infof("Job %s already finished (%s): answering completed again without recomputing", e.jobId(),
                manifest.key());
        ending.end(e, events.replayed(e, manifest, clock.instant()), JobOutcome.REPLAYED, null);
    }

    /** The end of an attempt that found {@code manifest} stored by another attempt when it came to write its own. */
    private void endFinishedMeanwhile(JobExecution e, JobManifest manifest) {
        if (sameRequest(manifest, e)) {
            LOG.infof("Job %s was finished meanwhile by another attempt (%s): not answered again", e.jobId(),
                    manifest.key());
            ending.end(e, () -> CompletableFuture.completedFuture(null), "nothing", JobOutcome.REPLAYED, null);
            return;
        }
        JobRejection conflict = conflict(e, manifest);
        LOG.warnf("Job %s: %s", e.jobId(), conflict.getMessage());
        ending.end(e, events.failed(e, conflict.code(), conflict.getMessage(), conflict.field()), JobOutcome.FAILED,
                conflict.code());
    }

    /** Whether {@code manifest} records the very request {@code e} runs (same canonical content). */
    private static boolean sameRequest(JobManifest manifest, JobExecution e) {
        return RequestContent.sha256(manifest.request()).equals(e.contentSha256);
    }

    private static JobRejection conflict(JobExecution e, JobManifest manifest) {
        return new JobRejection(FailureCode.JOB_ID_CONFLICT, "/jobId", "jobId '" + e.jobId()
                + "' was already used by a different " + manifest.request().jobType() + " request (finished on "
                + manifest.modelName() + "/" + manifest.modelVersion() + ", see " + manifest.key()
                + "); resend the identical request to get that result again, or use a new jobId");
    }
}
