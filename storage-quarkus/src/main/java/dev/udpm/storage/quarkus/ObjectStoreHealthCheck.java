package dev.udpm.storage.quarkus;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.StorageConfig;
import dev.udpm.storage.StorageException;
import dev.udpm.storage.StoreRetry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the object store answers and the configured bucket exists ({@code /q/health/ready}, check
 * {@value #NAME}). Jobs cannot complete without it, so an instance without it takes no traffic. The check is
 * answered from the last probe ({@link CachedProbe}, {@code checkedAgoMs} in the data), so it answers at once even
 * while the store hangs; a job meanwhile rides the outage out ({@link StoreRetry}).
 *
 * <p>The probe (a bucket-exists request) runs at most every {@code udpm.storage.health-interval} (10 s) while UP,
 * and within {@value #TICK_SECONDS} s when a call of the worker's own to the store failed as unavailable since the last
 * probe ({@link ObjectStore#unavailableCount()}), and every {@value #TICK_SECONDS} s while DOWN. So a store that dies
 * under traffic is DOWN within about a second, an idle worker's within the interval, and a probe hanging for 3 s
 * turns the check DOWN - while an idle worker sends one request per interval, not one every second. Created at
 * start-up ({@code @Startup}), so probing starts with the application and its first readiness poll already has a
 * verdict.
 */
@Readiness
@ApplicationScoped
@Startup
public class ObjectStoreHealthCheck implements HealthCheck {

    /** Name of the check in the health report. */
    public static final String NAME = "object-store";

    static final int TICK_SECONDS = 1;
    private static final Duration STALE_AFTER = Duration.ofSeconds(3);

    private final CachedProbe probe;

    @Inject
    public ObjectStoreHealthCheck(ObjectStore store, StorageConfig config) {
        AtomicLong failuresSeen = new AtomicLong(store.unavailableCount());
        this.probe = new CachedProbe(NAME, Duration.ofSeconds(TICK_SECONDS), config.healthInterval(), STALE_AFTER,
                () -> {
                    long failures = store.unavailableCount();
                    return failuresSeen.getAndSet(failures) != failures;
                }, () -> probe(store));
    }

    @PreDestroy
    void stop() {
        probe.close();
    }

    @Override
    public HealthCheckResponse call() {
        return probe.current();
    }

    /** One real check: a bucket-exists request (it may block while the store hangs). */
    static HealthCheckResponse probe(ObjectStore store) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .withData("endpoint", store.endpoint())
                .withData("bucket", store.bucket());
        try {
            if (store.bucketExists()) {
                return response.up().build();
            }
            return response.down().withData("reason", "bucket '" + store.bucket() + "' does not exist: create it "
                    + "or set udpm.storage.bucket to an existing one").build();
        } catch (StorageException e) {
            return response.down().withData("reason", e.getMessage()).build();
        }
    }
}
