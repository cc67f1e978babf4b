package dev.udpm.worker.jobs;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * At most one {@code progress} event per {@code interval} for one job: the first call passes, then a call passes
 * only when {@code interval} has elapsed since the last one that passed. Thread-safe.
 */
public final class ProgressThrottle {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long last;
    private boolean any;

    public ProgressThrottle(Duration interval, LongSupplier nanoClock) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("progress interval " + interval + " must not be negative");
        }
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Whether a progress event may be sent now (and, if so, records that it is). */
    public synchronized boolean tryAcquire() {
        long now = nanoClock.getAsLong();
        if (any && now - last < intervalNanos) {
            return false;
        }
        any = true;
        last = now;
        return true;
    }
}
