package dev.udpm.worker.tenants;

import java.time.Duration;

/**
 * A job would take its tenant over a quota ({@link TenantQuotas}): which limit, its value, the tenant's use and what
 * the job asked for, and when to retry. The message says all of it in words, for a {@code failed QUOTA_EXCEEDED}
 * event or a 429 problem.
 */
public final class QuotaExceeded extends Exception {

    private final String tenant;
    private final String limit;
    private final long limitValue;
    private final long use;
    private final long requested;
    private final Duration retryAfter;

    QuotaExceeded(String tenant, String limit, long limitValue, long use, long requested, Duration retryAfter,
            String when) {
        super("tenant " + tenant + " is over its quota " + limit + " = " + limitValue + " (udpm.worker.tenants):"
                + " it has " + use + " " + (TenantLimits.IN_FLIGHT.equals(limit) ? "images in flight"
                : "images admitted in the last hour") + " on this worker and this job asks for " + requested
                + "; " + when, null, false, false);
        this.tenant = tenant;
        this.limit = limit;
        this.limitValue = limitValue;
        this.use = use;
        this.requested = requested;
        this.retryAfter = retryAfter;
    }

    public String tenant() {
        return tenant;
    }

    /** The limit's config key: {@value TenantLimits#IN_FLIGHT} or {@value TenantLimits#PER_HOUR}. */
    public String limit() {
        return limit;
    }

    public long limitValue() {
        return limitValue;
    }

    /** The tenant's use of the limit when the job was refused. */
    public long use() {
        return use;
    }

    /** Images the job asked for. */
    public long requested() {
        return requested;
    }

    /** When trying again may succeed (a hint for {@code Retry-After}; at least one second). */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@link #retryAfter()} in whole seconds, rounded up, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
