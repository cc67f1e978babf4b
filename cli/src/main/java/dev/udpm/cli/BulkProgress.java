package dev.udpm.cli;

import java.util.Arrays;

import dev.udpm.schemas.event.JobProgress;

/**
 * The progress of a bulk job folded from its shards' {@code progress} events, as the workers' job-state fold does it
 * ({@code worker/.../status/JobStateFold}): each shard keeps the highest {@code done} it reported (a shard redone
 * after a crash, or an event arriving late, never goes back), the job's done is the sum over the shards, its total
 * the {@code jobTotal} of the shard info, and a shard is done once it reported all of its images. Events of shards
 * may arrive in any order. Not thread-safe.
 */
final class BulkProgress {

    private int[] done = new int[0];
    private boolean[] finished = new boolean[0];
    private int jobTotal;

    /**
     * Folds one shard progress event in.
     *
     * @return whether the event was a shard's (events without shard info are ignored)
     */
    boolean add(JobProgress progress) {
        JobProgress.ShardProgress shard = progress.shard();
        if (shard == null) {
            return false;
        }
        if (shard.count() != done.length) {
            // the first shard event, or a different split (not expected): start over, as the workers' fold does
            done = new int[shard.count()];
            finished = new boolean[shard.count()];
        }
        jobTotal = shard.jobTotal();
        int index = shard.index();
        if (index < 0 || index >= done.length) {
            return true;
        }
        done[index] = Math.max(done[index], progress.done());
        if (progress.total() > 0 && done[index] >= progress.total()) {
            finished[index] = true;
        }
        return true;
    }

    /** Whether any shard event was folded in. */
    boolean known() {
        return done.length > 0;
    }

    /** Images done over all shards. */
    int done() {
        return Arrays.stream(done).sum();
    }

    /** Images of the whole job (the shards' {@code jobTotal}), 0 before any shard event. */
    int total() {
        return jobTotal;
    }

    /** Shards of the job, 0 before any shard event. */
    int shards() {
        return done.length;
    }

    /** Shards that reported all of their images. */
    int shardsDone() {
        int n = 0;
        for (boolean f : finished) {
            n += f ? 1 : 0;
        }
        return n;
    }
}
