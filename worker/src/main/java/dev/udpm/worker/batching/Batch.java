package dev.udpm.worker.batching;

import java.util.List;

/**
 * Images from one or more jobs that share one chain call of one model version. Slice order is batch order:
 * the images of {@code slices.get(0)} come first in the {@code [N, ...]} input and output.
 *
 * @param model the version every image of the batch needs
 * @param slices the jobs' parts, in batch order (highest priority first)
 * @param <J> the job handle type
 */
public record Batch<J>(ModelKey model, List<BatchSlice<J>> slices) {

    public Batch {
        slices = List.copyOf(slices);
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one slice");
        }
    }

    /** N, the number of images of the batch. */
    public int size() {
        return slices.stream().mapToInt(BatchSlice::size).sum();
    }
}
