package dev.udpm.storage.quarkus;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * A health check answered from memory: {@code probe} (which may block on a dead dependency) runs on a daemon thread
 * of its own; {@link #current()} returns the last verdict with its age ({@code checkedAgoMs}) and never waits. A
 * probe still running after {@code staleAfter} turns the verdict DOWN ("no answer for N ms"), so
 * {@code /q/health/ready} reports a hung store or broker at once instead of hanging with it.
 *
 * <p>When the probe runs: every {@code tick} the thread looks whether one is due, and one is due when there is no
 * verdict yet, the last one is DOWN, it is {@code interval} old, or {@code dueEarly} says so (e.g. the dependency's
 * own calls have just failed). With {@code tick = interval} and nothing early, that is a probe every
 * {@code interval}.
 */
public final class CachedProbe implements AutoCloseable {

    private final String name;
    private final Supplier<HealthCheckResponse> probe;
    /** A tick this close to the interval counts as on time (a tick equal to the interval then always probes). */
    private static final long SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final long intervalNanos;
    private final long staleAfterNanos;
    private final BooleanSupplier dueEarly;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService thread;

    private volatile HealthCheckResponse last;
    private volatile long lastAt;
    private volatile long runningSince = -1;

    /**
     * Starts probing at once, then every {@code interval}.
     *
     * @param name the check's name (also of the thread)
     * @param interval pause between the end of one probe and the start of the next
     * @param staleAfter how long a probe may run before the check reports DOWN
     * @param probe the real check; an exception it throws is a DOWN verdict
     */
    public CachedProbe(String name, Duration interval, Duration staleAfter, Supplier<HealthCheckResponse> probe) {
        this(name, interval, interval, staleAfter, () -> false, probe, System::nanoTime);
    }

    /**
     * Starts probing at once, then whenever due (see the class comment).
     *
     * @param tick how often the thread looks whether a probe is due
     * @param interval the longest time between two probes while UP
     * @param dueEarly asked every tick; {@code true} runs the probe at this tick
     */
    public CachedProbe(String name, Duration tick, Duration interval, Duration staleAfter, BooleanSupplier dueEarly,
            Supplier<HealthCheckResponse> probe) {
        this(name, tick, interval, staleAfter, dueEarly, probe, System::nanoTime);
    }

    CachedProbe(String name, Duration tick, Duration interval, Duration staleAfter, BooleanSupplier dueEarly,
            Supplier<HealthCheckResponse> probe, LongSupplier nanoTime) {
        this.name = name;
        this.probe = probe;
        this.intervalNanos = interval.toNanos();
        this.staleAfterNanos = staleAfter.toNanos();
        this.dueEarly = dueEarly;
        this.nanoTime = nanoTime;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "udpm-health-" + name);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One tick of the thread: the probe if it is due. */
    void tick() {
        boolean early = dueEarly.getAsBoolean();
        HealthCheckResponse verdict = last;
        if (early || verdict == null || verdict.getStatus() != HealthCheckResponse.Status.UP
                || nanoTime.getAsLong() - lastAt >= intervalNanos - SLACK_NANOS) {
            probeOnce();
        }
    }

    private void probeOnce() {
        runningSince = nanoTime.getAsLong();
        HealthCheckResponse verdict;
        try {
            verdict = probe.get();
        } catch (RuntimeException e) {
            verdict = HealthCheckResponse.named(name).down().withData("reason", String.valueOf(e.getMessage()))
                    .build();
        }
        last = verdict;
        lastAt = nanoTime.getAsLong();
        runningSince = -1;
    }

    /** The last verdict with its age; DOWN while the first probe runs or a probe hangs. Never blocks. */
    public HealthCheckResponse current() {
        long now = nanoTime.getAsLong();
        long since = runningSince;
        HealthCheckResponse verdict = last;
        if (since >= 0 && now - since > staleAfterNanos) {
            return HealthCheckResponse.named(name).down()
                    .withData("reason", "no answer for " + TimeUnit.NANOSECONDS.toMillis(now - since) + " ms")
                    .build();
        }
        if (verdict == null) {
            return HealthCheckResponse.named(name).down().withData("reason", "first check still running").build();
        }
        HealthCheckResponseBuilder copy = HealthCheckResponse.named(name).status(verdict.getStatus()
                == HealthCheckResponse.Status.UP);
        verdict.getData().ifPresent(data -> data.forEach((key, value) -> {
            if (value instanceof Long l) {
                copy.withData(key, l);
            } else if (value instanceof Boolean b) {
                copy.withData(key, b);
            } else {
                copy.withData(key, String.valueOf(value));
            }
        }));
        return copy.withData("checkedAgoMs", TimeUnit.NANOSECONDS.toMillis(now - lastAt)).build();
    }

    /** Stops probing. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
