package dev.udpm.worker.tenants;

import java.util.OptionalLong;

/**
 * The image quotas of one tenant on this worker instance, resolved from {@link TenantsConfig} (its own setting, else
 * the default, else none).
 *
 * @param maxImagesInFlight most images of the tenant admitted and not yet ended on this instance
 * @param maxImagesPerHour most images of the tenant admitted on this instance in any sliding hour
 */
public record TenantLimits(OptionalLong maxImagesInFlight, OptionalLong maxImagesPerHour) {

    /** Config key (under {@code udpm.worker.tenants.tenant."NAME".}) of the in-flight limit. */
    public static final String IN_FLIGHT = "max-images-in-flight";
    /** Config key (under {@code udpm.worker.tenants.tenant."NAME".}) of the hourly limit. */
    public static final String PER_HOUR = "max-images-per-hour";

    private static final TenantLimits NONE = new TenantLimits(OptionalLong.empty(), OptionalLong.empty());

    public TenantLimits {
        check(maxImagesInFlight, IN_FLIGHT);
        check(maxImagesPerHour, PER_HOUR);
    }

    /** No quota at all. */
    public static TenantLimits unlimited() {
        return NONE;
    }

    private static void check(OptionalLong limit, String key) {
        if (limit.isPresent() && limit.getAsLong() < 1) {
            throw new IllegalArgumentException("udpm.worker.tenants " + key + " = " + limit.getAsLong()
                    + " must be at least 1 (leave it unset for no limit)");
        }
    }
}
