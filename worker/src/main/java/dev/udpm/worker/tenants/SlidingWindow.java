package dev.udpm.worker.tenants;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A count over the last {@code span}, kept in {@code buckets} equal time buckets (a sliding window counter): memory
 * is one long per bucket however many events arrive, and an event leaves the window between {@code span} and
 * {@code span + span/buckets} after it was added, never earlier (so a limit checked against it is never exceeded
 * within any {@code span}, only enforced up to one bucket longer). Not thread-safe: the owner locks.
 */
final class SlidingWindow {

    private final long bucketMillis;
    private final int buckets;
    /** Ring of buckets + 1 slots: the current bucket and the {@code buckets} before it. */
    private final long[] counts;
    private final long[] indexes;

    SlidingWindow(Duration span, int buckets) {
        if (buckets < 1 || span.toMillis() % buckets != 0 || span.toMillis() < buckets) {
            throw new IllegalArgumentException("a window of " + span + " cannot be cut in " + buckets
                    + " whole-millisecond buckets");
        }
        this.bucketMillis = span.toMillis() / buckets;
        this.buckets = buckets;
        this.counts = new long[buckets + 1];
        this.indexes = new long[buckets + 1];
        java.util.Arrays.fill(indexes, Long.MIN_VALUE);
    }

    /** Adds {@code n} at {@code now}. */
    void add(Instant now, long n) {
        long index = index(now);
        int slot = slot(index);
        if (indexes[slot] != index) {
            indexes[slot] = index;
            counts[slot] = 0;
        }
        counts[slot] += n;
    }

    /** Everything added that is still in the window at {@code now}. */
    long sum(Instant now) {
        long current = index(now);
        long sum = 0;
        for (int slot = 0; slot < counts.length; slot++) {
            if (live(indexes[slot], current)) {
                sum += counts[slot];
            }
        }
        return sum;
    }

    /** What was added in the {@code buckets} whole buckets before the current one: exactly one span's worth. */
    long completedSum(Instant now) {
        long current = index(now);
        long sum = 0;
        for (int slot = 0; slot < counts.length; slot++) {
            if (live(indexes[slot], current) && indexes[slot] != current) {
                sum += counts[slot];
            }
        }
        return sum;
    }

    /** The window's span in seconds. */
    double spanSeconds() {
        return bucketMillis * buckets / 1000.0;
    }

    /**
     * How long from {@code now} until at least {@code amount} of what the window holds has left it; empty if it
     * holds less than that (waiting cannot free it).
     */
    Optional<Duration> untilFreed(Instant now, long amount) {
        if (amount <= 0) {
            return Optional.of(Duration.ZERO);
        }
        long current = index(now);
        long freed = 0;
        for (long index = current - buckets; index <= current; index++) {
            int slot = slot(index);
            if (indexes[slot] == index) {
                freed += counts[slot];
                if (freed >= amount) {
                    long leavesAt = (index + 1 + buckets) * bucketMillis;
                    return Optional.of(Duration.ofMillis(Math.max(1, leavesAt - now.toEpochMilli())));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the window holds nothing at {@code now}. */
    boolean empty(Instant now) {
        return sum(now) == 0;
    }

    /** A bucket of index {@code index} counts while now is before its end plus the span. */
    private boolean live(long index, long current) {
        return index != Long.MIN_VALUE && index >= current - buckets && index <= current;
    }

    private long index(Instant now) {
        return Math.floorDiv(now.toEpochMilli(), bucketMillis);
    }

    private int slot(long index) {
        return (int) Math.floorMod(index, (long) counts.length);
    }
}
