package dev.udpm.worker.tenants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import dev.udpm.worker.batching.FairShare;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

/** {@link TenantsConfig} bound from properties by SmallRye Config, and what the worker derives from it. */
class TenantsConfigTest {

    @Test
    void defaultsAreFairShareWithEqualSharesAndNoLimits() {
        TenantsConfig config = bind(Map.of());
        FairShare fair = TenantsConfig.fairShare(config);
        assertTrue(fair.enabled());
        assertEquals("default", fair.defaultTenant());
        assertEquals(1, fair.shareOf("anyone"));
        assertEquals(OptionalDouble.empty(), TenantsConfig.maxRequestsPerSecond(config, "anyone"));
        assertEquals(TenantLimits.unlimited(), TenantsConfig.limits(config, "anyone"), "no quota by default");
    }

    @Test
    void imageQuotasComeFromTheTenantElseTheDefaultLimitByLimit() {
        TenantsConfig config = bind(Map.of("udpm.worker.tenants.default-max-images-in-flight", "1000",
                "udpm.worker.tenants.tenant.acme.max-images-per-hour", "50000",
                "udpm.worker.tenants.tenant.globex.max-images-in-flight", "64",
                "udpm.worker.tenants.tenant.globex.max-images-per-hour", "2000"));
        assertEquals(new TenantLimits(OptionalLong.of(1000), OptionalLong.of(50000)),
                TenantsConfig.limits(config, "acme"));
        assertEquals(new TenantLimits(OptionalLong.of(64), OptionalLong.of(2000)),
                TenantsConfig.limits(config, "globex"));
        assertEquals(new TenantLimits(OptionalLong.of(1000), OptionalLong.empty()),
                TenantsConfig.limits(config, "anyone"));
        TenantsConfig zero = bind(Map.of("udpm.worker.tenants.tenant.acme.max-images-in-flight", "0"));
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> TenantsConfig.limits(zero, "acme"));
        assertTrue(refused.getMessage().contains("max-images-in-flight"), refused.getMessage());
    }

    @Test
    void aTenantsOwnSettingsOverrideTheDefaultsFieldByField() {
        TenantsConfig config = bind(Map.of("udpm.worker.tenants.fair-share", "false",
                "udpm.worker.tenants.default-tenant", "kafka",
                "udpm.worker.tenants.default-share", "2",
                "udpm.worker.tenants.default-max-requests-per-second", "50",
                "udpm.worker.tenants.tenant.acme.share", "5",
                "udpm.worker.tenants.tenant.globex.max-requests-per-second", "0.5"));
        FairShare fair = TenantsConfig.fairShare(config);
        assertFalse(fair.enabled());
        assertEquals("kafka", fair.tenantOf(null));
        assertEquals(5, fair.shareOf("acme"));
        assertEquals(2, fair.shareOf("globex"), "globex sets no share: the default share");
        assertEquals(OptionalDouble.of(50), TenantsConfig.maxRequestsPerSecond(config, "acme"));
        assertEquals(OptionalDouble.of(0.5), TenantsConfig.maxRequestsPerSecond(config, "globex"));
    }

    private static TenantsConfig bind(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withMapping(TenantsConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build()
                .getConfigMapping(TenantsConfig.class);
    }
}
