package dev.udpm.worker.batching;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Dynamic batching of chain calls ({@code udpm.worker.batching.*}); see {@link DynamicBatcher}. */
@ConfigMapping(prefix = "udpm.worker.batching")
public interface BatchingConfig {

    /**
     * {@code udpm.worker.batching.max-size}: most images per chain call. Larger batches amortise the per-call
     * cost (graph dispatch, small-tensor overhead) until the cores are saturated; keep it a multiple of
     * {@link #padMultiple()} so full batches need no padding.
     */
    @WithDefault("16")
    int maxSize();

    /**
     * {@code udpm.worker.batching.max-wait}: longest time a queued image waits for companions before a partial
     * batch runs (only when the chain is idle; while it runs, the next batch fills anyway). ISO-8601.
     */
    @WithDefault("PT0.02S")
    Duration maxWait();

    /**
     * {@code udpm.worker.batching.pad-multiple}: chain calls are padded with dummy images to a multiple of this
     * many, which makes an image's bytes independent of the batch it ran in ({@link PaddedChain}). The default
     * equals the default {@link #maxSize()}: every call runs at one batch size, the only setting measured
     * bit-identical on both CPU families seen (4 sufficed on AVX-512 Intel CPUs, not on AVX2 AMD EPYC ones). A
     * smaller value makes small batches cheaper where it was measured safe; 1 disables padding and gives up the
     * guarantee.
     */
    @WithDefault("16")
    int padMultiple();

    /**
     * {@code udpm.worker.batching.progress-interval}: at most one {@code progress} event per job per interval.
     */
    @WithDefault("PT1S")
    Duration progressInterval();

    /**
     * {@code udpm.worker.batching.max-pending-output-batches}: computed batches whose images are not yet stored
     * before the chain waits for the object store (bounds memory when storage is slower than sampling).
     */
    @WithDefault("4")
    int maxPendingOutputBatches();
}
