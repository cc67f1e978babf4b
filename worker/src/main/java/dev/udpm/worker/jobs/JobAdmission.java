package dev.udpm.worker.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.udpm.core.math.Hwc;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.ShardDone;
import dev.udpm.storage.StorageUnavailableException;
import dev.udpm.worker.batching.DynamicBatcher;
import dev.udpm.worker.batching.ModelKey;
import dev.udpm.worker.models.ModelNotAvailableException;
import dev.udpm.worker.models.ModelRegistry;
import dev.udpm.worker.output.JobObjects;
import org.jboss.logging.Logger;

/**
 * The start step of {@link JobPipeline}, on an I/O thread: idempotency (a cancelled copy, a manifest or shard
 * manifest already stored), model lease, claim check, plan, event size check, {@code accepted}, the images an
 * interrupted attempt stored, then the missing images queued in the batcher. A refused job ends {@code failed}.
 */
final class JobAdmission {

    private static final Logger LOG = Logger.getLogger(JobPipeline.class);

    private final Duration progressInterval;
    private final ModelRegistry registry;
    private final JobObjects objects;
    private final DynamicBatcher<JobExecution> batcher;
    private final ShardSteps shards;
    private final JobEvents events;
    private final JobOutputWriter output;
    private final JobEnding ending;
    private final Clock clock;

    JobAdmission(Duration progressInterval, ModelRegistry registry, JobObjects objects,
            DynamicBatcher<JobExecution> batcher, ShardSteps shards, JobEvents events, JobOutputWriter output,
            JobEnding ending, Clock clock) {
        this.progressInterval = progressInterval;
        this.registry = registry;
        this.objects = objects;
        this.batcher = batcher;
        this.shards = shards;
        this.events = events;
        this.output = output;
        this.ending = ending;
        this.clock = clock;
    }

    void start(JobExecution e) {
        try (JobMdc ignored = JobMdc.of(e.jobId())) {
            JobRequest request = e.request;
            Start how = e.shard == null ? startJob(e) : startShard(e);
            if (how == Start.ENDED) {
                return;
            }
            e.progress = new ProgressThrottle(progressInterval, System::nanoTime);
            int total = e.plan.imageCount();
            e.images = new StoredObject[total];
            e.pixels = e.plan.needsPixels() ? new Hwc[total] : null;
            int found = how == Start.RESUME ? output.collectFound(e) : 0;
            int[] todo = new int[total - found];
            for (int i = 0, k = 0; i < total; i++) {
                if (e.images[i] == null) {
                    todo[k++] = i;
                }
            }
            JobExecution.Phase next;
            synchronized (e) {
                next = e.started(found);
                if (next == JobExecution.Phase.RUNNING) {
                    batcher.submit(e, e.model, request.effectivePriority(), request.tenant(), todo);
                }
            }
            if (next == JobExecution.Phase.STARTING) {
                ending.cancelled(e);
            } else if (next == JobExecution.Phase.FINALIZING) {
                e.workStarted.compareAndSet(null, clock.instant());
                ending.finish(e);
            } else {
                LOG.debugf("Job %s queued: %d images on %s (%d found from an earlier attempt)", request.jobId(),
                        todo.length, e.model, found);
            }
        } catch (JobRejection rejection) {
            ending.reject(e, rejection);
        } catch (ModelNotAvailableException unavailable) {
            ending.reject(e, new JobRejection(unavailable.failureCode(), "/model", unavailable.getMessage()));
        } catch (StorageUnavailableException unavailable) {
            LOG.errorf("%s could not start: %s", e, unavailable.getMessage());
            ending.reject(e, new JobRejection(FailureCode.STORAGE_UNAVAILABLE, null, "could not start: "
                    + unavailable.getMessage() + "; resend the same request once the object store is back"));
        } catch (RuntimeException failure) {
            LOG.errorf(failure, "Job %s failed before its images were queued", e.jobId());
            ending.reject(e, internal("could not start", failure));
        }
    }

    /** How a job starts: with nothing stored, resuming an interrupted attempt, or already ended. */
    private enum Start { FRESH, RESUME, ENDED }

    /** A whole job: cancelled copy, finished before (manifest), claim, plan, size limit, {@code accepted}. */
    private Start startJob(JobExecution e) throws JobRejection {
        JobRequest request = e.request;
        Optional<Instant> answered = ending.answeredBefore(e);
        if (answered.isPresent() && sameContentIfFinished(e)) {
            LOG.infof("Job %s already ended at %s, after its record was written (%s): a redelivered record, not"
                    + " answered again", request.jobId(), answered.get(), e.recordTime);
            ending.end(e, () -> CompletableFuture.completedFuture(null), "nothing", JobOutcome.REPLAYED, null);
            return Start.ENDED;
        }
        if (ending.cancelledBefore(e)) {
            LOG.infof("Job %s was cancelled on this worker; answering the copy with cancelled", request.jobId());
            ending.cancelled(e);
            return Start.ENDED;
        }
        Optional<JobManifest> manifest = objects.manifest(request.jobId());
        if (manifest.isPresent()) {
            replay(e, manifest.get());
            return Start.ENDED;
        }
        e.lease = registry.acquire(request.model().name(), request.model().version());
        boolean resume = ClaimCheck.reusable(e, objects, registry);
        e.model = new ModelKey(e.lease.name(), e.lease.version());
        e.plan = JobPlanner.plan(request, e.lease.model().manifest());
        events.checkSize(e);
        events.accepted(e);
        if (!resume) {
            output.claim(e);
        }
        return resume ? Start.RESUME : Start.FRESH;
    }

    /** A shard of a bulk job ({@link ShardSteps}): cancelled job, finished before, or prepared to resume. */
    private Start startShard(JobExecution e) throws JobRejection {
        if (shards.parentCancelled(e)) {
            LOG.infof("%s: its job was cancelled; the shard ends without running", e);
            ending.cancelled(e);
            return Start.ENDED;
        }
        Optional<ShardDone> done = shards.finishedBefore(e);
        if (done.isPresent()) {
            LOG.infof("%s already finished (%s): sending its shard-done again", e, done.get().manifest().key());
            ending.end(e, () -> shards.resend(done.get()), "shard-done", JobOutcome.REPLAYED, null);
            return Start.ENDED;
        }
        shards.prepare(e);
        return Start.RESUME;
    }

    /**
     * Whether {@code e} is the request that finished, if a manifest is stored (a different request that reused the
     * jobId is answered {@code JOB_ID_CONFLICT}, never skipped as a redelivery); true without a manifest.
     */
    private boolean sameContentIfFinished(JobExecution e) {
        return objects.manifest(e.jobId()).map(manifest -> RequestContent.sha256(manifest.request())
                .equals(e.contentSha256)).orElse(true);
    }

    /** A duplicate whose manifest exists: {@code completed} again from the manifest, or a jobId conflict. */
    private void replay(JobExecution e, JobManifest manifest) throws JobRejection {
        if (!RequestContent.sha256(manifest.request()).equals(e.contentSha256)) {
            throw new JobRejection(FailureCode.JOB_ID_CONFLICT, "/jobId", "jobId '" + e.jobId()
                    + "' was already used by a different " + manifest.request().jobType() + " request (finished on "
                    + manifest.modelName() + "/" + manifest.modelVersion() + ", see " + manifest.key()
                    + "); resend the identical request to get that result again, or use a new jobId");
        }
        Instant now = clock.instant();
        LOG.infof("Job %s already finished (%s): answering completed again without recomputing", e.jobId(),
                manifest.key());
        ending.end(e, events.replayed(e, manifest, now), JobOutcome.REPLAYED, null);
    }

    private static JobRejection internal(String what, RuntimeException failure) {
        return new JobRejection(FailureCode.INTERNAL, null, what + ": " + failure.getMessage()
                + "; retrying the same request may help");
    }
}
