package dev.udpm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Token buckets of {@link RateLimiter} on a fake clock. */
class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(now::get);

    @Test
    void aBurstOfOneSecondsWorthThenOneTokenPerPeriod() {
        for (int i = 0; i < 4; i++) {
            assertTrue(limiter.tryAcquire("acme", 4).isEmpty(), "request " + i + " of the burst");
        }
        assertEquals(OptionalLong.of(250_000_000L), limiter.tryAcquire("acme", 4), "next token in 1/4 s");
        now.addAndGet(250_000_000L);
        assertTrue(limiter.tryAcquire("acme", 4).isEmpty());
        assertTrue(limiter.tryAcquire("acme", 4).isPresent());
    }

    @Test
    void keysHaveTheirOwnBuckets() {
        assertTrue(limiter.tryAcquire("acme", 1).isEmpty());
        assertTrue(limiter.tryAcquire("acme", 1).isPresent());
        assertTrue(limiter.tryAcquire("globex", 1).isEmpty(), "acme's requests do not use globex's tokens");
    }

    @Test
    void slowRatesWaitWholeSecondsAndIdleTimeDoesNotBuildABiggerBurst() {
        assertTrue(limiter.tryAcquire("acme", 0.5).isEmpty());
        assertEquals(OptionalLong.of(2_000_000_000L), limiter.tryAcquire("acme", 0.5));
        now.addAndGet(3_600_000_000_000L);
        assertTrue(limiter.tryAcquire("acme", 0.5).isEmpty());
        assertTrue(limiter.tryAcquire("acme", 0.5).isPresent(), "an hour idle still allows one request at once");
    }

    @Test
    void aLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> limiter.tryAcquire("acme", 0));
        assertThrows(IllegalArgumentException.class, () -> limiter.tryAcquire("acme", Double.NaN));
    }
}
