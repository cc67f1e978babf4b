package dev.udpm.storage.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class CachedProbeTest {

    @Test
    void aHangingProbeIsReportedDownAtOnceInsteadOfBlockingTheCheck() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (CachedProbe probe = new CachedProbe("hangs", Duration.ofMillis(50), Duration.ofMillis(200), () -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HealthCheckResponse.up("hangs");
        })) {
            assertTrue(started.await(5, TimeUnit.SECONDS));
            // The probe is blocked until release: a check that waited for it would never return.
            HealthCheckResponse first = assertTimeoutPreemptively(Duration.ofSeconds(5), probe::current);
            assertEquals(HealthCheckResponse.Status.DOWN, first.getStatus());
            String reason = (String) first.getData().orElseThrow().get("reason");
            // "no answer" once the blocked probe is 200 ms old: a loaded machine may take that long to get here.
            assertTrue(reason.equals("first check still running") || reason.startsWith("no answer for "), reason);

            Thread.sleep(300);
            HealthCheckResponse stale = assertTimeoutPreemptively(Duration.ofSeconds(5), probe::current);
            assertEquals(HealthCheckResponse.Status.DOWN, stale.getStatus());
            assertTrue(((String) stale.getData().orElseThrow().get("reason")).startsWith("no answer for "),
                    stale.getData().toString());

            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            HealthCheckResponse after = probe.current();
            while (after.getStatus() != HealthCheckResponse.Status.UP && System.nanoTime() < deadline) {
                Thread.sleep(10);
                after = probe.current();
            }
            assertEquals(HealthCheckResponse.Status.UP, after.getStatus());
            assertTrue(after.getData().orElseThrow().get("checkedAgoMs") instanceof Long, after.getData().toString());
        }
    }

    @Test
    void aProbeThatThrowsIsDownWithItsMessage() throws Exception {
        try (CachedProbe probe = new CachedProbe("throws", Duration.ofMillis(50), Duration.ofSeconds(5), () -> {
            throw new IllegalStateException("broker unreachable");
        })) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            HealthCheckResponse verdict = probe.current();
            while ("first check still running".equals(verdict.getData().orElseThrow().get("reason"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
                verdict = probe.current();
            }
            assertEquals(HealthCheckResponse.Status.DOWN, verdict.getStatus());
            assertEquals("broker unreachable", verdict.getData().orElseThrow().get("reason"));
        }
    }

    @Test
    void whileUpItProbesOncePerIntervalOrAtOnceWhenDueEarlyAndEveryTickWhileDown() throws Exception {
        AtomicLong clock = new AtomicLong(0);
        AtomicInteger probes = new AtomicInteger();
        AtomicBoolean early = new AtomicBoolean();
        AtomicBoolean up = new AtomicBoolean(true);
        // A tick of an hour: the thread ticks once (at the start); the test ticks by hand with its own clock.
        try (CachedProbe probe = new CachedProbe("store", Duration.ofHours(1), Duration.ofSeconds(10),
                Duration.ofSeconds(3), early::get, () -> {
                    probes.incrementAndGet();
                    return HealthCheckResponse.named("store").status(up.get()).build();
                }, clock::get)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (probe.current().getStatus() != HealthCheckResponse.Status.UP && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, probes.get(), "the first probe at the start");

            clock.set(TimeUnit.SECONDS.toNanos(5));
            probe.tick();
            assertEquals(1, probes.get(), "UP and 5 s old: no request");
            assertEquals(5000L, probe.current().getData().orElseThrow().get("checkedAgoMs"));

            clock.set(TimeUnit.SECONDS.toNanos(10));
            probe.tick();
            assertEquals(2, probes.get(), "10 s old: probed again");

            clock.set(TimeUnit.SECONDS.toNanos(11));
            early.set(true);
            probe.tick();
            assertEquals(3, probes.get(), "due early (the store's own calls failed): probed at once");

            early.set(false);
            up.set(false);
            clock.set(TimeUnit.SECONDS.toNanos(12));
            probe.tick();
            assertEquals(3, probes.get(), "UP 1 s ago and nothing early: no request");
            clock.set(TimeUnit.SECONDS.toNanos(21));
            probe.tick();
            assertEquals(4, probes.get());
            assertEquals(HealthCheckResponse.Status.DOWN, probe.current().getStatus());
            clock.set(TimeUnit.SECONDS.toNanos(22));
            probe.tick();
            assertEquals(5, probes.get(), "DOWN: probed every tick until it is UP again");
            up.set(true);
            clock.set(TimeUnit.SECONDS.toNanos(23));
            probe.tick();
            assertEquals(6, probes.get());
            assertEquals(HealthCheckResponse.Status.UP, probe.current().getStatus());
            clock.set(TimeUnit.SECONDS.toNanos(24));
            probe.tick();
            assertEquals(6, probes.get(), "UP again: back to once per interval");
        }
    }
}
