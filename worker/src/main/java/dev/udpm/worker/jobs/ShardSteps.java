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
import java.util.function.Predicate;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.job.GenerateShard;
import dev.udpm.schemas.job.Lineage;
import dev.udpm.schemas.job.ShardDone;
import dev.udpm.schemas.job.ShardManifest;
import dev.udpm.schemas.job.ShardRange;
import dev.udpm.worker.events.JobEventSink;
import dev.udpm.worker.events.ShardTaskSink;
import dev.udpm.worker.models.ModelLease;
import dev.udpm.worker.models.ModelRegistry;
import dev.udpm.worker.output.JobObjects;
import dev.udpm.worker.tenants.TenantQuotas;
import org.jboss.logging.Logger;

/**
 * The steps of a {@link BulkShard} (a shard of a bulk job, {@link GenerateShard}) of {@link JobPipeline}, shared by
 * the pipeline's shards; the batching, chain calls and image storage are the same as a {@link WholeJob}'s.
 * <ul>
 *   <li>Start: a parent cancelled fleet-wide -> the shard ends quietly; a shard manifest already stored -> only the
 *       shard-done record is sent again; else the lease is taken on the version the split pinned, the plan is the
 *       parent's plan sliced to [from, to) ({@link JobPlan#slice}: same latents per GLOBAL index, so any worker
 *       makes the same bytes under {@code jobs/{jobId}/{index:06d}.png}) and the images already stored in the range
 *       are found, not recomputed (format png; a {@code shards} job shard stores no PNG objects, so nothing is
 *       listed: it computes its tars again and rewrites the same bytes). No {@code accepted} (the splitting worker sent it) and no claim (the split
 *       {@code bulk.json} pins the content and the version). The shard's images are held in its tenant's in-flight
 *       use ({@link TenantQuotas#hold}), never refused: the job was admitted at its split.</li>
 *   <li>Progress: the shard's done/total with {@code shard} set; the job's state sums the shards.</li>
 *   <li>End: images stored (PNG objects or tar shards) -> a last progress, the shard manifest LAST
 *       (with every image's sample record: the merge builds the job's {@code index.jsonl} from them), then a {@code shard-done} record keyed by
 *       the parent jobId (the partition of the parent's owner, which merges). Cancelled -> nothing is written (the
 *       owner wrote the job's {@code cancelled}). Failed -> the job's {@code failed} event, once per attempt of the
 *       job: not when this worker or the fleet-wide state already holds a {@code failed} of the job written after
 *       this shard was received (a bulk job of 15 shards that all lose the object store fails once, not 15 times).
 *       Two workers failing shards of one job within the status store's lag (milliseconds) may still both write
 *       one.</li>
 * </ul>
 */
final class ShardSteps {

    private static final Logger LOG = Logger.getLogger(JobPipeline.class);

    private final JobObjects objects;
    private final ModelRegistry registry;
    private final ShardTaskSink shardTasks;
    private final JobEventSink events;
    private final Predicate<String> cancelledFleetWide;
    private final Function<String, Optional<Instant>> failedFleetWideAt;
    private final JobEnding ending;
    private final String workerId;
    private final TenantQuotas quotas;
    private final Clock clock;
    /** When this worker last wrote a bulk job's {@code failed}, by jobId (the last 1024 jobs). */
    private final Map<String, Instant> failedHere = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f,
            false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > 1024;
        }
    });

    ShardSteps(JobObjects objects, ModelRegistry registry, ShardTaskSink shardTasks, JobEventSink events,
            Predicate<String> cancelledFleetWide, Function<String, Optional<Instant>> failedFleetWideAt,
            JobEnding ending, String workerId, TenantQuotas quotas, Clock clock) {
        this.quotas = quotas;
        this.objects = objects;
        this.registry = registry;
        this.shardTasks = shardTasks;
        this.events = events;
        this.cancelledFleetWide = cancelledFleetWide;
        this.failedFleetWideAt = failedFleetWideAt;
        this.ending = ending;
        this.workerId = workerId;
        this.clock = clock;
    }

    /** Whether the job of shard {@code e} was cancelled (asked between batches). */
    boolean parentCancelled(JobExecution e) {
        return cancelledFleetWide.test(e.jobId());
    }

    /**
     * The start of shard {@code task}: a cancelled job or a shard manifest already stored end it here; else the
     * lease on the pinned version and the sliced plan, resuming from the images already in the range.
     */
    Optional<Admitted> admit(JobExecution e, GenerateShard task) throws JobRejection {
        if (parentCancelled(e)) {
            LOG.infof("%s: its job was cancelled; the shard ends without running", e);
            ending.cancelled(e);
            return Optional.empty();
        }
        Optional<ShardDone> done = finishedBefore(e, task);
        if (done.isPresent()) {
            LOG.infof("%s already finished (%s): sending its shard-done again", e, done.get().manifest().key());
            ending.end(e, () -> resend(done.get()), "shard-done", JobOutcome.REPLAYED, null);
            return Optional.empty();
        }
        ModelLease lease = registry.acquire(task.request().model().name(), task.request().model().version());
        try {
            Admitted admitted = new Admitted(lease, JobPlanner.plan(task.request(), lease.model().manifest())
                    .slice(task.shard().from(), task.shard().to()), !JobSamples.inTarShards(task.request()));
            e.holdQuota(quotas.hold(task.request().tenant(), admitted.plan().imageCount()));
            return Optional.of(admitted);
        } catch (JobRejection | RuntimeException refused) {
            ending.closeQuietly(e, lease);
            throw refused;
        }
    }

    /** The shard-done to send again when the shard's manifest is already stored (a redelivered, finished shard). */
    private Optional<ShardDone> finishedBefore(JobExecution e, GenerateShard task) {
        ShardRange range = task.shard();
        return objects.stored(ObjectKeys.shardManifestKey(e.jobId(), range.index()))
                .map(manifest -> new ShardDone(e.jobId(), range, manifest, workerId, clock.instant()));
    }

    /** The shard's images already in the store. */
    Map<String, StoredObject> found(JobExecution e, GenerateShard task) {
        return objects.existingImages(e.jobId(), task.shard().from(), task.shard().to());
    }

    /** A progress event of the shard. */
    JobProgress progress(JobExecution e, GenerateShard task, int done) {
        ShardRange range = task.shard();
        return new JobProgress(e.jobId(), clock.instant(), workerId, e.request.callback(), done, range.size(),
                new JobProgress.ShardProgress(range.index(), range.count(), task.request().count()));
    }

    /** Ends the shard with its last progress, the shard manifest LAST, then shard-done. */
    void finish(JobExecution e, GenerateShard task) {
        Lineage lineage = JobLineage.of(task.request(), e.lease().model());
        ending.end(e, () -> writeDone(e, task, lineage), "shard-done", JobOutcome.COMPLETED, null);
    }

    /**
     * Last progress, the shard manifest LAST, then shard-done; completes once shard-done is written. A manifest
     * stored meanwhile by another attempt of the shard (a rebalance handed its record to another worker while this one
     * still ran it) is not overwritten: the merged manifest may already hold its sha256; its shard-done is sent again.
     * Two attempts that both pass that check before either writes (the store has no create-if-absent) write the same
     * bytes: the manifest holds no worker id and no time, only what the shard's request and model make.
     */
    private CompletionStage<Void> writeDone(JobExecution e, GenerateShard task, Lineage lineage) {
        ShardRange range = task.shard();
        Optional<ShardDone> done = finishedBefore(e, task);
        if (done.isPresent()) {
            LOG.infof("%s was finished meanwhile by another attempt (%s): its manifest is kept, its shard-done sent"
                    + " again", e, done.get().manifest().key());
            return resend(done.get());
        }
        JobEvents.traced(events, e, progress(e, task, range.size()));
        JobSamples samples = e.samples();
        ShardManifest manifest = ShardManifest.of(e.jobId(), range, e.model().name(), e.model().version(),
                samples.objects(e.images()), lineage).withSamples(samples.modelManifestSha256(),
                samples.manifestRecords(), null, samples.tarShards());
        StoredObject stored = objects.writeShardManifest(manifest);
        return resend(new ShardDone(e.jobId(), range, stored, workerId, clock.instant()));
    }

    /** Writes a shard-done record. */
    private CompletionStage<Void> resend(ShardDone done) {
        return shardTasks.publish(done);
    }

    /**
     * How shard {@code e} ends otherwise: cancelled writes nothing; a failure fails the job unless this attempt of
     * the job already failed (here or fleet-wide, at or after the shard was received).
     */
    CompletionStage<Void> terminal(JobExecution e, JobEvent terminal) {
        if (terminal instanceof JobCancelled) {
            return CompletableFuture.completedFuture(null);
        }
        if (terminal instanceof JobFailed) {
            synchronized (failedHere) {
                Optional<Instant> before = Optional.ofNullable(failedHere.get(e.jobId()))
                        .or(() -> failedFleetWideAt.apply(e.jobId()));
                if (before.isPresent() && !before.get().isBefore(e.receivedAt)) {
                    LOG.infof("%s failed (%s); the job's failure was already announced at %s", e,
                            ((JobFailed) terminal).code(), before.get());
                    return CompletableFuture.completedFuture(null);
                }
                failedHere.put(e.jobId(), terminal.time());
            }
        }
        return JobEvents.traced(events, e, terminal);
    }
}
