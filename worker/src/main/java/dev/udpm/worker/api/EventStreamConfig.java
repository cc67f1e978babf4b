package dev.udpm.worker.api;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The live event streams of {@code GET /v1/jobs/{jobId}/events} ({@code udpm.worker.event-streams.*}), per worker
 * instance. A stream costs no Kafka consumer (every stream of an instance is fed by the job-status store's one
 * reader of {@code udpm.job-events}); what it costs is an open HTTP connection and a small buffer, bounded here.
 */
@ConfigMapping(prefix = "udpm.worker.event-streams")
public interface EventStreamConfig {

    /**
     * {@code udpm.worker.event-streams.max-streams}: streams open at once on this instance; one more is refused
     * with 503 and {@code Retry-After} until one ends.
     */
    @WithDefault("1000")
    int maxStreams();

    /**
     * {@code udpm.worker.event-streams.heartbeat}: after this long without anything sent, the stream sends a
     * comment line, so proxies and clients see the connection alive while a job waits in a queue.
     */
    @WithDefault("PT15S")
    Duration heartbeat();

    /**
     * {@code udpm.worker.event-streams.max-duration}: a stream ends after this long even if its job has not (the
     * client reconnects with {@code Last-Event-ID} and misses nothing), so no connection stays open for ever.
     */
    @WithDefault("PT30M")
    Duration maxDuration();

    /**
     * {@code udpm.worker.event-streams.buffer}: events (and heartbeats) held for a client that reads slower than
     * they come; beyond that its stream ends and it reconnects with {@code Last-Event-ID}, so a slow client never
     * holds up the store's reader or other clients.
     */
    @WithDefault("256")
    int buffer();

    /** {@code udpm.worker.event-streams.retry}: the reconnection delay the stream tells clients ({@code retry:}). */
    @WithDefault("PT2S")
    Duration retry();
}
