package dev.udpm.worker.batching;

import java.util.Arrays;

/**
 * The part of one job inside a {@link Batch}: image indices of that job, ascending, at consecutive positions of
 * the batch.
 *
 * @param job the job handle given to {@link DynamicBatcher#submit}
 * @param indices the job's image indices computed by this batch
 * @param waitedNanos how long these images waited in the queue (job submission to batch formation)
 * @param <J> the job handle type
 */
public record BatchSlice<J>(J job, int[] indices, long waitedNanos) {

    public BatchSlice {
        indices = indices.clone();
    }

    @Override
    public int[] indices() {
        return indices.clone();
    }

    /** Number of images of this job in the batch. */
    public int size() {
        return indices.length;
    }

    /** The i-th index of this slice. */
    public int index(int i) {
        return indices[i];
    }

    @Override
    public String toString() {
        return "BatchSlice[" + job + " " + Arrays.toString(indices) + "]";
    }
}
