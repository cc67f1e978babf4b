package dev.udpm.worker.intake;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the jobs a worker holds at once (received, not yet ended): {@link #acquire()} completes at once while
 * fewer than {@code permits} are held, else when one is released, first come first served. Non-blocking, so the
 * Kafka intake can hold back the next record without blocking a thread: the connector then pauses its partitions
 * and keeps polling (no {@code max.poll.interval.ms} breach, no rebalance).
 */
public final class AdmissionGate {

    /** A held permit; {@link #release()} is idempotent. */
    public interface Permit {
        void release();
    }

    private final int permits;
    private final Deque<CompletableFuture<Permit>> waiters = new ArrayDeque<>();
    private int available;

    public AdmissionGate(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("in-flight job limit = " + permits + " must be at least 1");
        }
        this.permits = permits;
        this.available = permits;
    }

    /** A permit now if one is free, else when one is released. */
    public CompletionStage<Permit> acquire() {
        synchronized (this) {
            if (available > 0) {
                available--;
                return CompletableFuture.completedFuture(newPermit());
            }
            CompletableFuture<Permit> waiter = new CompletableFuture<>();
            waiters.add(waiter);
            return waiter;
        }
    }

    /** Permits free now. */
    public synchronized int available() {
        return available;
    }

    /** Callers waiting for a permit. */
    public synchronized int waiting() {
        return waiters.size();
    }

    /** The limit. */
    public int permits() {
        return permits;
    }

    private Permit newPermit() {
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                handOver();
            }
        };
    }

    private void handOver() {
        CompletableFuture<Permit> next;
        synchronized (this) {
            next = waiters.poll();
            if (next == null) {
                available++;
                return;
            }
        }
        next.complete(newPermit());
    }
}
