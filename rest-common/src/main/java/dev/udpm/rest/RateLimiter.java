package dev.udpm.rest;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Requests per second per key (a tenant), as token buckets: a key limited to {@code r} requests/s holds at most
 * {@code max(1, r)} tokens (a burst of one second's worth), refilled continuously at {@code r} per second; a request
 * takes one token or is refused with the time until one is there. Thread-safe; one bucket per key ever limited, so
 * keys must come from a bounded set (authenticated tenants, not request input).
 */
public final class RateLimiter {

    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    /** A limiter on {@link System#nanoTime()}. */
    public RateLimiter() {
        this(System::nanoTime);
    }

    /** @param nanoClock monotonic time in nanoseconds (tests pass a fake) */
    public RateLimiter(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "clock");
    }

    /**
     * Takes a token of {@code key} limited to {@code perSecond} requests per second.
     *
     * @return empty if the request may go on, else the nanoseconds until a token is there
     * @throws IllegalArgumentException if {@code perSecond} is not positive
     */
    public synchronized OptionalLong tryAcquire(String key, double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("a rate limit must be > 0 requests/s, got " + perSecond);
        }
        long now = nanoClock.getAsLong();
        double capacity = Math.max(1, perSecond);
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) / 1e9 * perSecond);
        bucket.at = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return OptionalLong.empty();
        }
        return OptionalLong.of((long) Math.ceil((1 - bucket.tokens) / perSecond * 1e9));
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
