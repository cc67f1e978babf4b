package dev.udpm.worker.intake;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.udpm.worker.config.LogSafe;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The {@code udpm.jobs} records the job intake gave up on, and the liveness and readiness check {@value #NAME} on
 * them ({@link Check}): DOWN once the job intake has given up on a {@code udpm.jobs} record
 * without acknowledging it (its dead letter could not be written even by the connector's last-resort strategy, or a
 * job or bulk step ended without its terminal record). Such a record holds its partition's committed offset back for
 * good, so the throttled commit strategy commits nothing past it; a restart redelivers it from the committed offset
 * (at-least-once), which is the one cure. Also gauge {@code udpm_intake_unacknowledged_records}.
 */
@ApplicationScoped
public class UnacknowledgedRecords {

    /** The check's name in {@code /q/health}. */
    public static final String NAME = "udpm-intake-commits";

    @Inject
    MeterRegistry meters;

    private final AtomicLong count = new AtomicLong();
    private final AtomicReference<String> last = new AtomicReference<>();

    @PostConstruct
    void gauge() {
        meters.gauge("udpm.intake.unacknowledged.records", count);
    }

    /** Notes that the record at {@code partition}/{@code offset} will not be acknowledged, and why. */
    public void gaveUp(int partition, long offset, String why) {
        count.incrementAndGet();
        last.set("udpm.jobs " + offset + "@" + partition + ": " + LogSafe.escape(why));
    }

    /** Records given up on since start. */
    public long count() {
        return count.get();
    }

    /** The health check on {@link UnacknowledgedRecords}. */
    @Liveness
    @Readiness
    @ApplicationScoped
    public static class Check implements HealthCheck {

        @Inject
        UnacknowledgedRecords records;

        @Override
        public HealthCheckResponse call() {
            return records.verdict();
        }
    }

    HealthCheckResponse verdict() {
        long stuck = count.get();
        if (stuck == 0) {
            return HealthCheckResponse.named(NAME).up().withData("unacknowledged", 0L).build();
        }
        return HealthCheckResponse.named(NAME).down().withData("unacknowledged", stuck)
                .withData("last", String.valueOf(last.get()))
                .withData("reason", "the committed offset of udpm.jobs cannot pass a record the intake gave up on;"
                        + " a restart redelivers it").build();
    }
}
