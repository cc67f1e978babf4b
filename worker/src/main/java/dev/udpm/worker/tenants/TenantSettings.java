package dev.udpm.worker.tenants;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One tenant's settings ({@code udpm.worker.tenants.tenant."NAME".*}); an absent field falls back to the
 * {@code default-*} setting of {@link TenantsConfig}. Its own file, not nested in {@link TenantsConfig}, so the
 * deploy module's configuration drift check reads the mapping's keys exactly.
 */
public interface TenantSettings {

    /** {@code share}: weight of the tenant in the fair share, 1..1000. */
    OptionalInt share();

    /**
     * {@code max-requests-per-second}: most REST requests per second of the tenant's keys on this instance (a burst
     * of one second's worth); over it a request gets 429 with {@code Retry-After}. Admin keys are not limited.
     */
    OptionalDouble maxRequestsPerSecond();

    /**
     * {@code max-images-in-flight}: most images of the tenant admitted and not yet ended (queued, computing, being
     * stored) on this worker instance; a job that would go above it is refused: {@code failed QUOTA_EXCEEDED} on
     * Kafka, 429 with {@code Retry-After} on REST. At least 1; absent: the default's (none).
     */
    OptionalLong maxImagesInFlight();

    /**
     * {@code max-images-per-hour}: most images of the tenant admitted on this worker instance in any sliding hour
     * (counted when a job is admitted, for 60 to 61 minutes); over it as above. At least 1; absent: the default's
     * (none).
     */
    OptionalLong maxImagesPerHour();
}
