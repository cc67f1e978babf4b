package dev.udpm.worker.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ProgressThrottleTest {

    @Test
    void atMostOnePerIntervalFirstOneImmediately() {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        ProgressThrottle throttle = new ProgressThrottle(Duration.ofSeconds(1), now::get);

        assertTrue(throttle.tryAcquire(), "the first progress goes out");
        now.addAndGet(999_999_999L);
        assertFalse(throttle.tryAcquire(), "1 ns short of a second");
        now.addAndGet(1);
        assertTrue(throttle.tryAcquire(), "a second after the last one");
        assertFalse(throttle.tryAcquire(), "the interval restarts from the last one that passed");
    }
}
