package dev.udpm.worker.tenants;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** CDI wiring of the plain {@link TenantQuotas}: one per worker instance, limits from {@link TenantsConfig}. */
@ApplicationScoped
public class TenantQuotasProducer {

    @Produces
    @Singleton
    TenantQuotas quotas(TenantsConfig config, TenantMetrics metrics) {
        // every configured limit is checked at start-up, not at the first job of its tenant
        TenantsConfig.limits(config, config.defaultTenant());
        config.tenant().keySet().forEach(tenant -> TenantsConfig.limits(config, tenant));
        return new TenantQuotas(tenant -> TenantsConfig.limits(config, tenant), config.defaultTenant(),
                Clock.systemUTC(), metrics);
    }
}
