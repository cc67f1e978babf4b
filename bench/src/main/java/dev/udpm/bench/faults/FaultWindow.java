package dev.udpm.bench.faults;

import java.util.function.IntSupplier;

/**
 * One fault of a scenario: when it began and ended, and the stored-image count of the work it hit, from which the
 * first new image of that work is timed. Images that land within {@link #IN_FLIGHT_GRACE_MS} of the fault's start
 * are the hit process's own uploads still in flight (a PUT whose body the store had already received when the worker
 * was killed or the server paused), not new work: the baseline is read again once that has passed. No other worker
 * can store an image of the hit work that soon (a takeover waits at least for the group's session timeout, a
 * restarted JVM for its boot). Not thread-safe: the scenario samples and reads it under one lock.
 */
final class FaultWindow {

    static final long IN_FLIGHT_GRACE_MS = 500;

    final long start;
    long end;
    final IntSupplier watched;
    /** Images the watched work holds in all, or -1 when the watch is every image of the run. */
    final int total;
    final String watchedWhat;
    private int baseline;
    private boolean rebased;
    long firstNew = -1;

    FaultWindow(long start, IntSupplier watched, int total, String watchedWhat) {
        this.start = start;
        this.watched = watched;
        this.total = total;
        this.baseline = watched.getAsInt();
        this.watchedWhat = watchedWhat;
        this.end = start;
    }

    /** One sample at {@code now} (System.nanoTime()): rebases after the grace, then notes the first new image. */
    void sample(long now) {
        if (!rebased) {
            if (now - start >= IN_FLIGHT_GRACE_MS * 1_000_000) {
                baseline = watched.getAsInt();
                rebased = true;
            }
        } else if (firstNew < 0 && watched.getAsInt() > baseline) {
            firstNew = now;
        }
    }

    /** The hit work was complete when the fault began (its last images landed between the survey and it). */
    boolean nothingLeftToMove() {
        return total >= 0 && baseline >= total;
    }
}
