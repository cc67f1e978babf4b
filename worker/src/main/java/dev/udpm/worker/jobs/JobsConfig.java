package dev.udpm.worker.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Job execution outside the chain ({@code udpm.worker.jobs.*}). */
@ConfigMapping(prefix = "udpm.worker.jobs")
public interface JobsConfig {

    /**
     * {@code udpm.worker.jobs.io-threads}: threads that encode PNGs, talk to the object store and build grids,
     * principal components and manifests while the chain thread samples the next batch.
     */
    @WithDefault("4")
    int ioThreads();

    /**
     * {@code udpm.worker.jobs.remembered-cancellations}: cancelled jobs remembered per worker, so that a
     * redelivered copy of a cancelled job is answered {@code cancelled} instead of run.
     */
    @WithDefault("1024")
    int rememberedCancellations();

    /**
     * {@code udpm.worker.jobs.max-event-bytes}: largest job event the worker writes. A {@code completed} event lists
     * every object of its job, so a job whose event would be larger is refused up front ({@code LIMIT_EXCEEDED})
     * instead of never getting a terminal event. The default stays under Kafka's default 1 MiB
     * ({@code max.request.size}, the broker's {@code message.max.bytes}); raise all three together. Without presigned
     * URLs about 6,000 objects fit for a 20-character jobId (3,500 for a 128-character one); with URLs about 1,500.
     */
    @WithDefault("1000000")
    long maxEventBytes();
}
