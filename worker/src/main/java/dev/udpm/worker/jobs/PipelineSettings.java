package dev.udpm.worker.jobs;

import java.time.Duration;
import java.util.Objects;

import dev.udpm.worker.batching.BatchPolicy;

/**
 * The tunables of a {@link JobPipeline} (bound from configuration by the CDI wiring).
 *
 * @param batchPolicy batch size and max wait
 * @param padMultiple chain calls are padded to a multiple of this many images ({@code PaddedChain})
 * @param progressInterval at most one {@code progress} event per job per interval
 * @param ioThreads threads for object-store and event I/O, encoding, grids and principal components
 * @param maxPendingOutputBatches batches computed but not yet stored before the chain waits (back-pressure)
 * @param workerId {@code workerId} of every event
 * @param rememberedCancellations how many cancelled jobs are remembered, so a redelivered copy is answered
 *     {@code cancelled} instead of run
 * @param maxEventBytes largest completed event; bigger jobs are refused ({@link EventSizeLimit})
 * @param presignedUrls whether completed events may carry presigned URLs (when a job asks for them)
 */
public record PipelineSettings(BatchPolicy batchPolicy, int padMultiple, Duration progressInterval, int ioThreads,
        int maxPendingOutputBatches, String workerId, int rememberedCancellations, long maxEventBytes,
        boolean presignedUrls) {

    /** Settings with presigned URLs allowed. */
    public PipelineSettings(BatchPolicy batchPolicy, int padMultiple, Duration progressInterval, int ioThreads,
            int maxPendingOutputBatches, String workerId, int rememberedCancellations, long maxEventBytes) {
        this(batchPolicy, padMultiple, progressInterval, ioThreads, maxPendingOutputBatches, workerId,
                rememberedCancellations, maxEventBytes, true);
    }

    public PipelineSettings {
        Objects.requireNonNull(batchPolicy, "batch policy");
        Objects.requireNonNull(progressInterval, "progress interval");
        Objects.requireNonNull(workerId, "worker id");
        if (maxEventBytes < 1024) {
            throw new IllegalArgumentException("pipeline settings: maxEventBytes = " + maxEventBytes
                    + " is too small for any completed event; use at least 1024");
        }
        if (ioThreads < 1 || maxPendingOutputBatches < 1 || rememberedCancellations < 0 || padMultiple < 1) {
            throw new IllegalArgumentException("pipeline settings: ioThreads (" + ioThreads
                    + ") and maxPendingOutputBatches (" + maxPendingOutputBatches + ") and padMultiple ("
                    + padMultiple + ") must be >= 1, rememberedCancellations (" + rememberedCancellations
                    + ") >= 0");
        }
    }
}
