package dev.udpm.storage;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How long work that needs the object store rides through an outage ({@code udpm.storage.retry.*}, used by
 * {@link StoreRetry}): calls that fail with {@link StorageUnavailableException} are retried with exponential
 * backoff and jitter until {@link #maxDuration()} has passed since the first failure, then the error is final.
 */
@ConfigMapping(prefix = "udpm.storage.retry")
public interface StoreRetryConfig {

    /**
     * {@code udpm.storage.retry.max-duration}: how long one call keeps retrying (ISO-8601). The default rides
     * through a 60 s outage (a store restart, a failover) with room for the backoff; {@code PT0S} disables retries.
     */
    @WithDefault("PT90S")
    Duration maxDuration();

    /** {@code udpm.storage.retry.initial-backoff}: the wait after the first failure; it doubles per attempt. */
    @WithDefault("PT0.2S")
    Duration initialBackoff();

    /**
     * {@code udpm.storage.retry.max-backoff}: the longest wait between two attempts, hence how long after the store
     * is back a waiting job may still sleep (a retry costs one small request; the default keeps that under 2 s).
     */
    @WithDefault("PT2S")
    Duration maxBackoff();

    /** The policy these settings describe. */
    default StoreRetry policy() {
        return new StoreRetry(maxDuration(), initialBackoff(), maxBackoff());
    }
}
