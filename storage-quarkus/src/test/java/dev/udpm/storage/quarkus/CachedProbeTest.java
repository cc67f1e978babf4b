package dev.udpm.storage.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
            assertEquals("first check still running", first.getData().orElseThrow().get("reason"));

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
}
