package dev.udpm.worker.intake;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How much work the job intake takes on ({@code udpm.worker.intake.*}). The Kafka side of the intake (topic,
 * group, commit strategy, poll and age limits, dead-letter topic) is the {@code mp.messaging.incoming.jobs.*}
 * block of application.properties, where each limit is explained.
 */
@ConfigMapping(prefix = "udpm.worker.intake")
public interface IntakeConfig {

    /**
     * {@code udpm.worker.intake.max-in-flight-jobs}: jobs this worker holds at once (received and not yet ended,
     * queued or running). Beyond it the next record waits in the connector, which pauses its partitions. Large
     * enough to fill batches from several jobs and to let priorities reorder work; small enough that the oldest
     * held record is acknowledged well within {@code throttled.unprocessed-record-max-age.ms}.
     */
    @WithDefault("32")
    int maxInFlightJobs();

    /**
     * {@code udpm.worker.intake.max-in-flight-shards}: shards of bulk jobs this worker holds at once, on top of
     * {@code max-in-flight-jobs}. A bulk job puts up to {@code Limits.MAX_SHARDS} shard records on the partitions;
     * holding many of them lets a later, higher-priority job on the same partition reach the batcher (which runs it
     * first) instead of waiting behind every shard. A held shard costs its image index queue and one object
     * reference per image.
     */
    @WithDefault("256")
    int maxInFlightShards();

    /**
     * {@code udpm.worker.intake.dead-letter-max-bytes}: the most one dead letter on {@code udpm.jobs.dlq} may take
     * (key, value and headers; {@link DeadLetter}). A record whose dead letter would be larger keeps its value (and
     * a key over 1 KiB) in the object store under {@code dead-letters/}, and its dead letter points there. Must stay
     * below the producer's {@code max.request.size} and the topic's {@code max.message.bytes} (both about 1 MiB by
     * default), so that a dead letter can always be written.
     */
    @WithDefault("1000000")
    int deadLetterMaxBytes();
}
