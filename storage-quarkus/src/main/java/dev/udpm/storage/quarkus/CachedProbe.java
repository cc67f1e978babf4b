package dev.udpm.storage.quarkus;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * A health check answered from memory: {@code probe} (which may block on a dead dependency) runs on a daemon thread
 * of its own every {@code interval}; {@link #current()} returns the last verdict with its age ({@code checkedAgoMs})
 * and never waits. A probe still running after {@code staleAfter} turns the verdict DOWN ("no answer for N ms"),
 * so {@code /q/health/ready} reports a hung store or broker at once instead of hanging with it.
 */
public final class CachedProbe implements AutoCloseable {

    private final String name;
    private final Supplier<HealthCheckResponse> probe;
    private final long staleAfterNanos;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService thread;

    private volatile HealthCheckResponse last;
    private volatile long lastAt;
    private volatile long runningSince = -1;

    /**
     * Starts probing at once.
     *
     * @param name the check's name (also of the thread)
     * @param interval pause between the end of one probe and the start of the next
     * @param staleAfter how long a probe may run before the check reports DOWN
     * @param probe the real check; an exception it throws is a DOWN verdict
     */
    public CachedProbe(String name, Duration interval, Duration staleAfter, Supplier<HealthCheckResponse> probe) {
        this(name, interval, staleAfter, probe, System::nanoTime);
    }

    CachedProbe(String name, Duration interval, Duration staleAfter, Supplier<HealthCheckResponse> probe,
            LongSupplier nanoTime) {
        this.name = name;
        this.probe = probe;
        this.staleAfterNanos = staleAfter.toNanos();
        this.nanoTime = nanoTime;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "udpm-health-" + name);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::probeOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
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
