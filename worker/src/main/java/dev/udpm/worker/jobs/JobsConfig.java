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

    /**
     * {@code udpm.worker.jobs.shard-size}: images per shard of a bulk generate job ({@code bulk: true}). The worker
     * that receives a bulk job splits it into {@code ceil(count / shard-size)} shard tasks (at most
     * {@code Limits.MAX_SHARDS}; the size grows for larger jobs) keyed {@code {jobId}#s{k}}, so they spread over the
     * partitions of {@code udpm.jobs} and every worker of the group helps. Smaller shards balance better and lose
     * less when a worker dies; each shard costs one manifest, one shard-done record and a few store listings.
     */
    @WithDefault("10000")
    int shardSize();

    /**
     * {@code udpm.worker.jobs.presigned-urls}: honour {@code output.presignedUrls}, i.e. put presigned GET URLs of a
     * job's objects into its {@code completed} event on {@code udpm.job-events}. Anyone who can read that topic can
     * then fetch those objects until the URLs expire ({@code udpm.storage.presign-expiry}), so grant read access
     * to it only to the clients that may see every job's images. {@code false} leaves the URLs out of every event
     * (the objects stay reachable by key with object-store credentials); {@code POST /v1/jobs} then refuses a job
     * asking for them.
     */
    @WithDefault("true")
    boolean presignedUrls();
}
