package dev.udpm.worker.api;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import dev.udpm.rest.ApiCaller;
import dev.udpm.rest.Problems;
import dev.udpm.rest.RateLimiter;
import dev.udpm.worker.tenants.TenantQuotas;
import dev.udpm.worker.tenants.TenantsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Requests per second per tenant ({@code udpm.worker.tenants.*.max-requests-per-second}) on every {@code /v1} call
 * of a tenant key, after authentication: over the limit a 429 problem naming the limit, with {@code Retry-After}.
 * Counted per worker instance (each instance answers REST calls on its own); each refusal is counted in
 * {@code udpm_tenant_rejected_total{reason="max-requests-per-second"}}.
 */
@ApplicationScoped
public class TenantRateLimitFilter {

    private final RateLimiter limiter = new RateLimiter();

    @Inject
    TenantsConfig tenants;

    @Inject
    TenantQuotas quotas;

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Optional<Response> limit(ContainerRequestContext request) {
        if (request.getSecurityContext() == null
                || !(request.getSecurityContext().getUserPrincipal() instanceof ApiCaller caller)
                || caller.isAdmin()) {
            return Optional.empty();
        }
        OptionalDouble perSecond = TenantsConfig.maxRequestsPerSecond(tenants, caller.tenant());
        if (perSecond.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong waitNanos = limiter.tryAcquire(caller.tenant(), perSecond.getAsDouble());
        if (waitNanos.isEmpty()) {
            return Optional.empty();
        }
        quotas.rateLimited(caller.tenant());
        long seconds = Math.max(1, (waitNanos.getAsLong() + TimeUnit.SECONDS.toNanos(1) - 1)
                / TimeUnit.SECONDS.toNanos(1));
        return Optional.of(Problems.tooManyRequests("tenant " + caller.tenant() + " is over its limit of "
                + perSecond.getAsDouble() + " requests per second (udpm.worker.tenants max-requests-per-second);"
                + " retry after " + seconds + " s", seconds));
    }
}
