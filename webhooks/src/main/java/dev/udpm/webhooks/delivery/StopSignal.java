package dev.udpm.webhooks.delivery;

import java.time.Duration;

/** Asks a running delivery to stop between attempts (shutdown, partition revoked); wakes a backoff wait at once. */
public final class StopSignal {

    private boolean stopped;

    /** Stops the delivery: it returns unfinished at its next check or wait. */
    public synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    /** Whether {@link #stop()} was called. */
    public synchronized boolean stopped() {
        return stopped;
    }

    /** Waits {@code duration} unless stopped first; returns whether it was stopped. */
    public synchronized boolean await(Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        while (!stopped) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
