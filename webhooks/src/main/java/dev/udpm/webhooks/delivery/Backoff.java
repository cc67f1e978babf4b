package dev.udpm.webhooks.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the wait after attempt n (1-based) is uniform in
 * {@code 0..min(maxDelay, initialDelay * 2^(n-1))}, so receivers coming back from an outage are not hit by every
 * sender at once.
 */
public record Backoff(Duration initialDelay, Duration maxDelay) {

    /** The wait after failed attempt {@code attempt} (1-based). */
    public Duration after(int attempt) {
        long cap = initialDelay.toMillis() << Math.min(attempt - 1, 30);
        if (cap <= 0 || cap > maxDelay.toMillis()) {
            cap = maxDelay.toMillis();
        }
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
    }
}
