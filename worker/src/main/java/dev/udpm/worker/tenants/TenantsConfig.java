package dev.udpm.worker.tenants;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import dev.udpm.worker.batching.FairShare;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the worker treats tenants ({@code udpm.worker.tenants.*}). A job's tenant is its request's {@code tenant}
 * field: stamped by the REST front door from the caller's tenant key, set (or left out) by Kafka submitters, whose
 * right to name a tenant is the right to write to {@code udpm.jobs} (Kafka ACLs); a job without one belongs to
 * {@link #defaultTenant()}.
 */
@ConfigMapping(prefix = "udpm.worker.tenants")
public interface TenantsConfig {

    /**
     * {@code udpm.worker.tenants.fair-share}: within a priority, the batcher serves tenants round-robin weighted by
     * their {@code share}, so one tenant's bulk job does not delay another's small jobs by more than about a batch;
     * {@code false} serves the earliest job first.
     */
    @WithDefault("true")
    boolean fairShare();

    /**
     * {@code udpm.worker.tenants.default-tenant}: the tenant of jobs whose request names none (Kafka submitters
     * that do not set {@code tenant}); they share one turn and one set of limits.
     */
    @WithDefault("default")
    String defaultTenant();

    /** {@code udpm.worker.tenants.default-share}: weight in the fair share of every tenant without its own, 1..1000. */
    @WithDefault("1")
    int defaultShare();

    /**
     * {@code udpm.worker.tenants.default-max-requests-per-second}: the REST request limit of every tenant without its
     * own (see {@link TenantSettings#maxRequestsPerSecond()}). Default: no limit.
     */
    OptionalDouble defaultMaxRequestsPerSecond();

    /**
     * {@code udpm.worker.tenants.default-max-images-in-flight}: the in-flight image quota of every tenant without its
     * own (see {@link TenantSettings#maxImagesInFlight()}). Default: no limit.
     */
    OptionalLong defaultMaxImagesInFlight();

    /**
     * {@code udpm.worker.tenants.default-max-images-per-hour}: the hourly image quota of every tenant without its own
     * (see {@link TenantSettings#maxImagesPerHour()}). Default: no limit.
     */
    OptionalLong defaultMaxImagesPerHour();

    /**
     * {@code udpm.worker.tenants.tenant."NAME".*}: settings of tenant NAME, overriding the defaults above field by
     * field.
     */
    Map<String, TenantSettings> tenant();

    /** The request rate limit of {@code tenant}: its own, else the defaults', else none. */
    static OptionalDouble maxRequestsPerSecond(TenantsConfig config, String tenant) {
        TenantSettings own = config.tenant().get(tenant);
        if (own != null && own.maxRequestsPerSecond().isPresent()) {
            return own.maxRequestsPerSecond();
        }
        return config.defaultMaxRequestsPerSecond();
    }

    /** The image quotas of {@code tenant}: its own, else the defaults', else none, limit by limit. */
    static TenantLimits limits(TenantsConfig config, String tenant) {
        TenantSettings own = config.tenant().get(tenant);
        OptionalLong inFlight = own != null && own.maxImagesInFlight().isPresent() ? own.maxImagesInFlight()
                : config.defaultMaxImagesInFlight();
        OptionalLong perHour = own != null && own.maxImagesPerHour().isPresent() ? own.maxImagesPerHour()
                : config.defaultMaxImagesPerHour();
        return new TenantLimits(inFlight, perHour);
    }

    /** The batcher's fair share from this configuration. */
    static FairShare fairShare(TenantsConfig config) {
        int defaultShare = config.defaultShare();
        Map<String, Integer> shares = new java.util.HashMap<>();
        config.tenant().forEach((name, settings) -> settings.share().ifPresent(share -> shares.put(name, share)));
        return new FairShare(config.fairShare(), config.defaultTenant(), shares, defaultShare);
    }
}
