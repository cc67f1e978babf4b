package dev.udpm.worker.tenants;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

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

    /** {@code udpm.worker.tenants.defaults.*}: settings of every tenant not overridden below. */
    Settings defaults();

    /**
     * {@code udpm.worker.tenants.tenant."NAME".*}: settings of tenant NAME, overriding {@link #defaults()} field by
     * field.
     */
    Map<String, Settings> tenant();

    /** One tenant's settings; an absent field falls back to {@link #defaults()}, then to the stated default. */
    interface Settings {

        /** {@code share}: weight of the tenant in the fair share, 1..1000 (default 1). */
        OptionalInt share();

        /**
         * {@code max-requests-per-second}: most REST requests per second of the tenant's keys on this instance (a
         * burst of one second's worth); over it a request gets 429 with {@code Retry-After}. Default: no limit.
         * Admin keys are not limited.
         */
        OptionalDouble maxRequestsPerSecond();
    }

    /** The request rate limit of {@code tenant}: its own, else the defaults', else none. */
    static OptionalDouble maxRequestsPerSecond(TenantsConfig config, String tenant) {
        Settings own = config.tenant().get(tenant);
        if (own != null && own.maxRequestsPerSecond().isPresent()) {
            return own.maxRequestsPerSecond();
        }
        return config.defaults().maxRequestsPerSecond();
    }

    /** The batcher's fair share from this configuration. */
    static FairShare fairShare(TenantsConfig config) {
        int defaultShare = config.defaults().share().orElse(1);
        Map<String, Integer> shares = new java.util.HashMap<>();
        config.tenant().forEach((name, settings) -> settings.share().ifPresent(share -> shares.put(name, share)));
        return new FairShare(config.fairShare(), config.defaultTenant(), shares, defaultShare);
    }
}
