package dev.udpm.worker.jobs;

import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.job.GenerateShard;
import dev.udpm.schemas.job.ShardDone;
import dev.udpm.schemas.job.ShardManifest;
import dev.udpm.schemas.job.ShardRange;
import dev.udpm.worker.batching.ModelKey;
import dev.udpm.worker.events.JobEventSink;
import dev.udpm.worker.events.ShardTaskSink;
import dev.udpm.worker.models.ModelRegistry;
import dev.udpm.worker.output.JobObjects;

/**
 * The steps of {@link JobPipeline} that differ for a shard of a bulk job ({@link GenerateShard}); the batching,
 * chain calls and image storage are the job path's.
 * <ul>
 *   <li>Start: a parent cancelled fleet-wide -> the shard ends quietly; a shard manifest already stored -> only the
 *       shard-done record is sent again; else the lease is taken on the version the split pinned, the plan is the
 *       parent's plan sliced to [from, to) ({@link JobPlan#slice}: same latents per GLOBAL index, so any worker
 *       makes the same bytes under {@code jobs/{jobId}/{index:06d}.png}) and the images already stored in the range
 *       are found, not recomputed. No {@code accepted} (the splitting worker sent it) and no claim (the split
 *       {@code bulk.json} pins the content and the version).</li>
 *   <li>Progress: the shard's done/total with {@code shard} set; the job's state sums the shards.</li>
 *   <li>End: images stored -> a last progress, the shard manifest LAST, then a {@code shard-done} record keyed by
 *       the parent jobId (the partition of the parent's owner, which merges). Cancelled -> nothing is written (the
 *       owner wrote the job's {@code cancelled}). Failed -> the job's {@code failed} event.</li>
 * </ul>
 */
final class ShardSteps {

    private final JobObjects objects;
    private final ModelRegistry registry;
    private final ShardTaskSink shardTasks;
    private final JobEventSink events;
    private final Predicate<String> cancelledFleetWide;
    private final String workerId;
    private final Clock clock;

    ShardSteps(JobObjects objects, ModelRegistry registry, ShardTaskSink shardTasks, JobEventSink events,
            Predicate<String> cancelledFleetWide, String workerId, Clock clock) {
        this.objects = objects;
        this.registry = registry;
        this.shardTasks = shardTasks;
        this.events = events;
        this.cancelledFleetWide = cancelledFleetWide;
        this.workerId = workerId;
        this.clock = clock;
    }

    /** Whether {@code e} is a shard whose job was cancelled (asked between batches). */
    boolean parentCancelled(JobExecution e) {
        return e.shard != null && cancelledFleetWide.test(e.jobId());
    }

    /** The shard-done to send again when the shard's manifest is already stored (a redelivered, finished shard). */
    Optional<ShardDone> finishedBefore(JobExecution e) {
        ShardRange range = e.shard.shard();
        return objects.stored(ObjectKeys.shardManifestKey(e.jobId(), range.index()))
                .map(manifest -> new ShardDone(e.jobId(), range, manifest, workerId, clock.instant()));
    }

    /** Lease (pinned version), model and the sliced plan. */
    void prepare(JobExecution e) throws JobRejection {
        GenerateShard task = e.shard;
        e.lease = registry.acquire(task.request().model().name(), task.request().model().version());
        e.model = new ModelKey(e.lease.name(), e.lease.version());
        e.plan = JobPlanner.plan(task.request(), e.lease.model().manifest())
                .slice(task.shard().from(), task.shard().to());
    }

    /** The shard's images already in the store. */
    Map<String, StoredObject> found(JobExecution e) {
        return objects.existingImages(e.jobId(), e.shard.shard().from(), e.shard.shard().to());
    }

    /** A progress event of the shard. */
    JobProgress progress(JobExecution e, int done) {
        ShardRange range = e.shard.shard();
        return new JobProgress(e.jobId(), clock.instant(), workerId, e.request.callback(), done, range.size(),
                new JobProgress.ShardProgress(range.index(), range.count(), e.shard.request().count()));
    }

    /** Last progress, the shard manifest LAST, then shard-done; the stage completes once shard-done is written. */
    CompletionStage<Void> finish(JobExecution e) {
        ShardRange range = e.shard.shard();
        events.publish(progress(e, range.size()));
        ShardManifest manifest = ShardManifest.of(e.jobId(), range, e.model.name(), e.model.version(), workerId,
                clock.instant(), Arrays.asList(e.images));
        StoredObject stored = objects.writeShardManifest(manifest);
        return resend(new ShardDone(e.jobId(), range, stored, workerId, clock.instant()));
    }

    /** Writes a shard-done record. */
    CompletionStage<Void> resend(ShardDone done) {
        return shardTasks.publish(done);
    }

    /** How a shard ends otherwise: cancelled writes nothing, a failure fails the job. */
    CompletionStage<Void> terminal(JobEvent terminal) {
        return terminal instanceof JobCancelled ? CompletableFuture.completedFuture(null) : events.publish(terminal);
    }
}
