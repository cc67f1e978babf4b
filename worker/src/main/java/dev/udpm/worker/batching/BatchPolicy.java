package dev.udpm.worker.batching;

import java.time.Duration;
import java.util.Objects;

/**
 * When {@link DynamicBatcher} closes a batch.
 *
 * @param maxBatchSize most images per chain call (N of the {@code [N, S, S, C]} call), at least 1
 * @param maxWait longest time the oldest queued image of a model waits for companions before a partial batch
 *     runs; zero runs whatever is queued at once
 * @param fairShare how images of different tenants within one priority share batches
 */
public record BatchPolicy(int maxBatchSize, Duration maxWait, FairShare fairShare) {

    /** First come first served within a priority ({@link FairShare#off()}). */
    public BatchPolicy(int maxBatchSize, Duration maxWait) {
        this(maxBatchSize, maxWait, FairShare.off());
    }

    public BatchPolicy {
        Objects.requireNonNull(fairShare, "fair share");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("batch max size = " + maxBatchSize + " must be at least 1");
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("batch max wait = " + maxWait + " must be zero or positive");
        }
    }
}
