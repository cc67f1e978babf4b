package dev.udpm.worker.tenants;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** The per-tenant image accounting and quota rule ({@link TenantQuotas}) on a clock the test moves. */
class TenantQuotasTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final List<String> rejected = new ArrayList<>();
    private final List<String> done = new ArrayList<>();

    @Test
    void withoutLimitsEverythingIsAdmittedAndStillAccounted() throws QuotaExceeded {
        TenantQuotas quotas = quotas(Map.of());
        TenantQuotas.Hold a = quotas.admit("acme", 1_000_000);
        quotas.admit(null, 7);
        assertEquals(new TenantQuotas.Usage(1_000_000, 1, 1_000_000, 0), quotas.usage("acme"));
        assertEquals(7, quotas.usage("default").imagesInFlight(), "a job without tenant counts for the default");
        a.release();
        assertEquals(0, quotas.usage("acme").imagesInFlight());
        assertEquals(List.of(), rejected);
    }

    @Test
    void inFlightLimitRefusesWhatWouldGoAboveItUntilImagesAreGivenBack() throws QuotaExceeded {
        TenantQuotas quotas = quotas(Map.of("capped", limits(8, 0)));
        TenantQuotas.Hold five = quotas.admit("capped", 5);
        TenantQuotas.Hold three = quotas.admit("capped", 3);

        QuotaExceeded over = assertThrows(QuotaExceeded.class, () -> quotas.admit("capped", 1));
        assertEquals(TenantLimits.IN_FLIGHT, over.limit());
        assertEquals(8, over.limitValue());
        assertEquals(8, over.use());
        assertEquals(1, over.requested());
        assertTrue(over.getMessage().contains("tenant capped is over its quota max-images-in-flight = 8")
                && over.getMessage().contains("it has 8 images in flight"), over.getMessage());
        assertEquals(TenantQuotas.IN_FLIGHT_RETRY_UNKNOWN, over.retryAfter(), "nothing stored yet: a fixed hint");
        assertEquals(8, quotas.usage("capped").imagesInFlight(), "a refusal charges nothing");
        assertEquals(List.of("capped max-images-in-flight"), rejected);

        assertDoesNotThrow(() -> quotas.admit("acme", 100).release(), "other tenants are not limited by it");
        assertThrows(QuotaExceeded.class, () -> quotas.check("capped", 1, 1), "the REST door's answer is the same");
        assertEquals(2, rejected.size(), "every refusal is counted");

        five.release();
        five.release();
        assertEquals(3, quotas.usage("capped").imagesInFlight(), "a hold is given back once");
        assertDoesNotThrow(() -> quotas.check("capped", 5, 5));
        quotas.admit("capped", 5);
        three.release();
        assertEquals(new TenantQuotas.Usage(5, 1, 13, 0), quotas.usage("capped"));
    }

    @Test
    void aJobLargerThanTheLimitIsNeverAdmittedAndSaysSo() {
        TenantQuotas quotas = quotas(Map.of("capped", limits(8, 100)));
        QuotaExceeded inFlight = assertThrows(QuotaExceeded.class, () -> quotas.admit("capped", 9));
        assertEquals(TenantQuotas.NEVER, inFlight.retryAfter());
        assertTrue(inFlight.getMessage().contains("never admitted"), inFlight.getMessage());
        TenantQuotas hourly = quotas(Map.of("capped", limits(0, 100)));
        QuotaExceeded perHour = assertThrows(QuotaExceeded.class, () -> hourly.admit("capped", 101));
        assertEquals(TenantLimits.PER_HOUR, perHour.limit());
        assertTrue(perHour.getMessage().contains("never admitted"), perHour.getMessage());
    }

    @Test
    void inFlightRetryAfterFollowsTheTenantsRateOfTheLastMinute() throws QuotaExceeded {
        TenantQuotas quotas = quotas(Map.of("capped", limits(10, 0)));
        quotas.admit("capped", 10);
        for (int second = 0; second < 60; second++) {
            quotas.imagesDone("capped", 2);
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(2.0, quotas.usage("capped").imagesPerSecond(), 1e-9);
        QuotaExceeded over = assertThrows(QuotaExceeded.class, () -> quotas.admit("capped", 6));
        assertEquals(Duration.ofSeconds(3), over.retryAfter(), "6 images over the limit at 2 images/s");
        assertEquals(120, done.size() * 2);
        clock.advance(Duration.ofMinutes(2));
        assertEquals(0.0, quotas.usage("capped").imagesPerSecond(), "the rate is of the last minute");
    }

    @Test
    void perHourLimitIsASlidingHourNotAClockHour() throws QuotaExceeded {
        TenantQuotas quotas = quotas(Map.of("hourly", limits(0, 10)));
        clock.set(Instant.parse("2026-01-05T10:59:30Z"));
        quotas.admit("hourly", 10).release();
        assertEquals(0, quotas.usage("hourly").imagesInFlight(), "released in flight, still spent in the hour");

        clock.set(Instant.parse("2026-01-05T11:00:30Z"));
        QuotaExceeded over = assertThrows(QuotaExceeded.class, () -> quotas.admit("hourly", 1),
                "a fixed clock hour would let 10 more through at 11:00");
        assertEquals(TenantLimits.PER_HOUR, over.limit());
        assertEquals(10, over.use());
        assertTrue(over.getMessage().contains("10 images admitted in the last hour"), over.getMessage());
        // the 10:59 bucket leaves the window at 12:00:00 (an hour after the end of its minute)
        assertEquals(Duration.ofMinutes(59).plusSeconds(30), over.retryAfter());

        clock.set(Instant.parse("2026-01-05T11:59:59Z"));
        assertThrows(QuotaExceeded.class, () -> quotas.admit("hourly", 1), "an image counts for at least an hour");
        clock.set(Instant.parse("2026-01-05T12:00:00Z"));
        quotas.admit("hourly", 10);
        assertEquals(10, quotas.usage("hourly").imagesLastHour());
    }

    @Test
    void perHourRetryAfterIsWhenEnoughOfTheOldestImagesHaveLeft() throws QuotaExceeded {
        TenantQuotas quotas = quotas(Map.of("hourly", limits(0, 10)));
        quotas.admit("hourly", 4).release();
        clock.advance(Duration.ofMinutes(20));
        quotas.admit("hourly", 4).release();
        clock.advance(Duration.ofMinutes(20));
        QuotaExceeded over = assertThrows(QuotaExceeded.class, () -> quotas.admit("hourly", 5));
        // 8 used + 5 > 10: 3 must leave, the 4 of 10:00 leave at 11:01
        assertEquals(Duration.ofMinutes(21), over.retryAfter());
        clock.advance(over.retryAfter());
        quotas.admit("hourly", 5);
    }

    @Test
    void aBulkJobIsChargedWholeToTheHourNeedsRoomForOneShardAndItsShardsAreNeverRefused() throws QuotaExceeded {
        TenantQuotas quotas = quotas(Map.of("bulk", limits(8, 100)));
        quotas.admitBulk("bulk", 64, 8);
        assertEquals(64, quotas.usage("bulk").imagesLastHour());
        assertEquals(0, quotas.usage("bulk").imagesInFlight(), "the shards hold their images as they run");
        TenantQuotas.Hold shard1 = quotas.hold("bulk", 8);
        TenantQuotas.Hold shard2 = quotas.hold("bulk", 8);
        assertEquals(16, quotas.usage("bulk").imagesInFlight(), "shards of an admitted job are not refused");
        QuotaExceeded noRoom = assertThrows(QuotaExceeded.class, () -> quotas.admitBulk("bulk", 8, 8));
        assertEquals(TenantLimits.IN_FLIGHT, noRoom.limit());
        shard1.release();
        shard2.release();
        QuotaExceeded hour = assertThrows(QuotaExceeded.class, () -> quotas.admitBulk("bulk", 40, 8));
        assertEquals(TenantLimits.PER_HOUR, hour.limit());
        quotas.admitBulk("bulk", 36, 8);
    }

    @Test
    void idleTenantsAreForgottenOnceManyAreTracked() throws QuotaExceeded {
        TenantQuotas quotas = quotas(Map.of());
        TenantQuotas.Hold busy = quotas.hold("busy", 1);
        for (int i = 0; i < TenantQuotas.SWEEP_ABOVE; i++) {
            quotas.hold("t" + i, 1).release();
        }
        assertTrue(quotas.tenants().size() <= TenantQuotas.SWEEP_ABOVE + 1);
        assertTrue(quotas.tenants().contains("busy"), "a tenant holding images is kept");
        busy.release();
        assertEquals(0, quotas.usage("busy").imagesInFlight());
    }

    @Test
    void limitsBelowOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TenantLimits(OptionalLong.of(0), OptionalLong.empty()));
        assertThrows(IllegalArgumentException.class, () -> new TenantLimits(OptionalLong.empty(), OptionalLong.of(-1)));
    }

    private TenantQuotas quotas(Map<String, TenantLimits> limits) {
        return new TenantQuotas(tenant -> limits.getOrDefault(tenant, TenantLimits.unlimited()), "default", clock,
                new TenantQuotas.Activity() {
                    @Override
                    public void rejected(String tenant, String limit) {
                        rejected.add(tenant + " " + limit);
                    }

                    @Override
                    public void imagesDone(String tenant, int images) {
                        done.add(tenant);
                    }
                });
    }

    /** 0 for no limit. */
    private static TenantLimits limits(long inFlight, long perHour) {
        return new TenantLimits(inFlight == 0 ? OptionalLong.empty() : OptionalLong.of(inFlight),
                perHour == 0 ? OptionalLong.empty() : OptionalLong.of(perHour));
    }

    /** A clock the test sets and advances. */
    static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
