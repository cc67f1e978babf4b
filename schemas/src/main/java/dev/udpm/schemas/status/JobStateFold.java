package dev.udpm.schemas.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.JobProgress;

/**
 * Folds one job's events, in topic order, into its {@link JobState}. A pure function: every worker folds the same
 * partition in the same order and so holds the same state, and every other reader of the topic (the CLI, the client
 * library, the benchmarks) that folds with it sees the state {@code GET /v1/jobs/{jobId}} answers. It is the
 * fleet's reading of the guarantee in {@code schemas/README.md} ("one terminal event per submission", and what a
 * client must still tolerate).
 *
 * <p>Events may repeat or arrive late (a worker taking over a job after a rebalance, a job answered again from its
 * manifest, a zombie attempt still reporting progress), so the fold is not "last event wins":
 * <ul>
 *   <li>{@code completed} always applies: its manifest is in the object store, the job is done for good. After it
 *       only another {@code completed} (the same job answered again from its manifest) changes the state. Its
 *       objects are kept without presigned URLs (they expire; {@code GET /v1/jobs/{id}} may be asked much later).
 *       </li>
 *   <li>{@code failed JOB_ID_CONFLICT} for a known job is ignored: it concerns a different request that reused the
 *       id, not the job already recorded.</li>
 *   <li>After {@code failed} or {@code cancelled}: {@code accepted} starts a new attempt (the job was submitted
 *       again), {@code progress} is ignored (a stale attempt), a terminal event replaces the state.</li>
 *   <li>While accepted or running: {@code accepted} (another worker took the job over) keeps the phase and the last
 *       progress; {@code progress} sets running with its done/total; a terminal event ends the job.</li>
 * </ul>
 * Bulk jobs: a shard's {@code progress} (with {@code shard}) updates that shard's entry of {@code shardProgress}
 * (the highest done reported: a shard redone after a crash does not go back), {@code done} is the sum over the
 * shards, {@code total} the job's image count, {@code shardsDone} the shards that reported all their images. Every
 * other event keeps the shard fields; a bulk {@code completed} adds the merged manifest's sha256 and object count.
 *
 * <p>Tenant: an {@code accepted} event that the fold applies sets the job's tenant to the request's (a new attempt
 * may come from a different request), and so does a {@code failed} event that starts the state (a job refused
 * before it was accepted, e.g. an unknown model) or replaces an ended one; every other event keeps it.
 */
public final class JobStateFold {

    private JobStateFold() {
    }

    /**
     * The state after every event of {@code events}, in order.
     *
     * @param events one job's events in topic order, at least one
     * @throws IllegalArgumentException if there is none, or they are of different jobs
     */
    public static JobState fold(List<? extends JobEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a job state needs at least one event");
        }
        JobState state = null;
        for (JobEvent event : events) {
            state = apply(state, event);
        }
        return state;
    }

    /**
     * The state after {@code event}.
     *
     * @param current the state so far, or null for the job's first event
     * @param event an event of the same job
     * @return the new state, or {@code current} itself when the event does not change it
     */
    public static JobState apply(JobState current, JobEvent event) {
        JobState next = fold(current, event);
        if (next == current) {
            return current;
        }
        String tenant;
        if (event instanceof JobAccepted accepted) {
            tenant = accepted.tenant();
        } else if (event instanceof JobFailed failed && (current == null || current.status().terminal())) {
            tenant = failed.tenant();
        } else {
            tenant = current == null ? null : current.tenant();
        }
        return next.withTenant(tenant);
    }

    private static JobState fold(JobState current, JobEvent event) {
        if (current != null && !current.jobId().equals(event.jobId())) {
            throw new IllegalArgumentException("event of job " + event.jobId() + " folded into the state of job "
                    + current.jobId() + ": the store is keyed by jobId, this is a bug");
        }
        if (current == null) {
            return start(event);
        }
        if (current.status() == JobPhase.COMPLETED) {
            return event instanceof JobCompleted completed ? completed(current, completed) : current;
        }
        if (event instanceof JobFailed failed && failed.code() == FailureCode.JOB_ID_CONFLICT) {
            return current;
        }
        if (current.status().terminal()) {
            if (event instanceof JobAccepted accepted) {
                return accepted(null, accepted);
            }
            return event instanceof JobProgress ? current : start(event, current);
        }
        return start(event, current);
    }

    private static JobState start(JobEvent event) {
        return start(event, null);
    }

    /** The state {@code event} leads to from {@code previous} (null = nothing known). */
    private static JobState start(JobEvent event, JobState previous) {
        if (event instanceof JobAccepted accepted) {
            return accepted(previous, accepted);
        }
        if (event instanceof JobProgress progress && progress.shard() != null) {
            return shardProgress(previous, progress);
        }
        if (event instanceof JobProgress progress) {
            return new JobState(progress.jobId(), JobPhase.RUNNING, progress.done(), progress.total(),
                    progress.workerId(), acceptedAt(previous), progress.time(), null, null, null, null, null, null,
                    null);
        }
        if (event instanceof JobCompleted completed) {
            return completed(previous, completed);
        }
        if (event instanceof JobFailed failed) {
            return new JobState(failed.jobId(), JobPhase.FAILED, done(previous), total(previous), failed.workerId(),
                    acceptedAt(previous), failed.time(), null, null, null, null, failed.code(), failed.message(),
                    failed.field()).withShardsOf(previous);
        }
        JobCancelled cancelled = (JobCancelled) event;
        return new JobState(cancelled.jobId(), JobPhase.CANCELLED, done(previous), total(previous),
                cancelled.workerId(), acceptedAt(previous), cancelled.time(), null, null, null, null, null, null,
                null).withShardsOf(previous);
    }

    /**
     * A shard's progress: its entry rises to {@code done}, the job's done is the sum over the shards. A different
     * shard count than the one known (not expected) starts the shard fields over; an index outside the count (not
     * expected) updates no shard.
     */
    private static JobState shardProgress(JobState previous, JobProgress progress) {
        JobProgress.ShardProgress shard = progress.shard();
        boolean sameSplit = previous != null && previous.shardProgress() != null
                && previous.shardProgress().size() == shard.count();
        List<Integer> per = sameSplit ? new ArrayList<>(previous.shardProgress())
                : new ArrayList<>(Collections.nCopies(shard.count(), 0));
        int shardsDone = sameSplit && previous.shardsDone() != null ? previous.shardsDone() : 0;
        if (shard.index() >= 0 && shard.index() < shard.count()) {
            int before = per.get(shard.index());
            int after = Math.max(before, progress.done());
            per.set(shard.index(), after);
            shardsDone += after >= progress.total() && before < progress.total() ? 1 : 0;
        }
        int done = per.stream().mapToInt(Integer::intValue).sum();
        return new JobState(progress.jobId(), JobPhase.RUNNING, done, shard.jobTotal(), progress.workerId(),
                acceptedAt(previous), progress.time(), null, null, null, null, null, null, null, shard.count(),
                shardsDone, per, null, null);
    }

    /** {@code accepted}: a new attempt from nothing, or a takeover keeping the phase and progress of the job. */
    private static JobState accepted(JobState active, JobAccepted accepted) {
        if (active == null) {
            return new JobState(accepted.jobId(), JobPhase.ACCEPTED, null, null, accepted.workerId(), accepted.time(),
                    accepted.time(), null, null, null, null, null, null, null);
        }
        return new JobState(accepted.jobId(), active.status(), active.done(), active.total(), accepted.workerId(),
                active.acceptedAt() == null ? accepted.time() : active.acceptedAt(), accepted.time(), null, null,
                null, null, null, null, null).withShardsOf(active);
    }

    private static JobState completed(JobState previous, JobCompleted completed) {
        Integer total = completed.objectCount() != null ? completed.objectCount() : total(previous);
        JobState state = new JobState(completed.jobId(), JobPhase.COMPLETED, total, total, completed.workerId(),
                acceptedAt(previous), completed.time(), withoutUrls(completed.objects()), completed.manifestKey(),
                completed.modelName(), completed.modelVersion(), null, null, null);
        if (!completed.completesBulk()) {
            return state;
        }
        Integer shards = previous == null ? null : previous.shards();
        List<Integer> per = previous == null ? null : previous.shardProgress();
        return new JobState(state.jobId(), state.status(), total, total, state.workerId(), state.acceptedAt(),
                state.updatedAt(), state.objects(), state.manifestKey(), state.modelName(), state.modelVersion(), null,
                null, null, shards, shards, per, completed.manifestSha256(), completed.objectCount());
    }

    /** The objects without presigned URLs: those expire, the store keeps a job for as long as the topic does. */
    private static List<StoredObject> withoutUrls(List<StoredObject> objects) {
        return objects == null ? null : objects.stream()
                .map(o -> StoredObject.of(o.key(), o.sha256(), o.size(), o.contentType())).toList();
    }

    private static Integer done(JobState previous) {
        return previous == null ? null : previous.done();
    }

    private static Integer total(JobState previous) {
        return previous == null ? null : previous.total();
    }

    private static Instant acceptedAt(JobState previous) {
        return previous == null ? null : previous.acceptedAt();
    }
}
