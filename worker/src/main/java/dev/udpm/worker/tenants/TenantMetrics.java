package dev.udpm.worker.tenants;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.udpm.worker.jobs.JobPipeline;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Per-tenant gauges on {@code /q/metrics}: {@code udpm_tenant_images_queued{tenant}}, the images of the tenant
 * waiting in this worker's batcher (read live at each scrape). A tenant's gauge is registered within a second of its
 * first queued image; at most {@link #MAX_TENANTS} tenants get one (tenant names come from job requests, so their
 * number is bounded here, not by the writers of {@code udpm.jobs}).
 */
@Startup
@ApplicationScoped
public class TenantMetrics {

    /** Most tenants with their own gauges. */
    static final int MAX_TENANTS = 200;

    @Inject
    JobPipeline pipeline;

    @Inject
    MeterRegistry registry;

    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService refresh;

    @PostConstruct
    void start() {
        refresh = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "udpm-tenant-metrics");
            t.setDaemon(true);
            return t;
        });
        refresh.scheduleWithFixedDelay(this::registerNewTenants, 0, 1, TimeUnit.SECONDS);
    }

    /** Registers the queued-images gauge of every tenant with images queued that has none yet. */
    void registerNewTenants() {
        Map<String, Integer> queued = pipeline.queuedImagesByTenant();
        for (String tenant : queued.keySet()) {
            if (registered.size() >= MAX_TENANTS) {
                return;
            }
            if (registered.add(tenant)) {
                Gauge.builder("udpm.tenant.images.queued", pipeline,
                        p -> p.queuedImagesByTenant().getOrDefault(tenant, 0))
                        .description("Images of the tenant waiting in this worker's batcher")
                        .tag("tenant", tenant).register(registry);
            }
        }
    }

    @PreDestroy
    void stop() {
        refresh.shutdownNow();
    }
}
