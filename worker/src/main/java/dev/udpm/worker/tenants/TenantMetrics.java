package dev.udpm.worker.tenants;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.udpm.worker.jobs.JobPipeline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Per-tenant meters on {@code /q/metrics} (Prometheus names), of this worker instance:
 * <ul>
 *   <li>{@code udpm_tenant_images_queued{tenant}}: images waiting in the batcher;</li>
 *   <li>{@code udpm_tenant_images_running{tenant}}: images admitted and not queued (in a chain call, being stored,
 *       or their job finalising);</li>
 *   <li>{@code udpm_tenant_images_in_flight{tenant}}: queued + running, what {@code max-images-in-flight} limits
 *       ({@link TenantQuotas});</li>
 *   <li>{@code udpm_tenant_images_per_second{tenant}}: images stored per second over the last minute;</li>
 *   <li>{@code udpm_tenant_images_done_total{tenant}}: images computed and stored;</li>
 *   <li>{@code udpm_tenant_rejected_total{tenant,reason}}: requests and jobs refused, {@code reason} the limit's key
 *       ({@code max-images-in-flight}, {@code max-images-per-hour}, {@code max-requests-per-second}).</li>
 * </ul>
 * Gauges are read live at each scrape; a tenant's gauges are registered within a second of its first use. Tenant
 * names come from job requests, so at most {@link #MAX_TENANTS} tenants get meters of their own; the counters of any
 * further tenant are added under {@code tenant="_other"} (no tenant name can start with '_').
 */
@Startup
@ApplicationScoped
public class TenantMetrics implements TenantQuotas.Activity {

    /** Most tenants with their own meters. */
    static final int MAX_TENANTS = 200;
    /** The {@code tenant} tag of counters of tenants beyond {@link #MAX_TENANTS}. */
    static final String OTHER = "_other";

    @Inject
    JobPipeline pipeline;

    @Inject
    TenantQuotas quotas;

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

    @Override
    public void rejected(String tenant, String limit) {
        Counter.builder("udpm.tenant.rejected").description("Requests and jobs of the tenant refused, by limit")
                .tags("tenant", tag(tenant), "reason", limit).register(registry).increment();
    }

    @Override
    public void imagesDone(String tenant, int images) {
        Counter.builder("udpm.tenant.images.done").description("Images of the tenant computed and stored")
                .tag("tenant", tag(tenant)).register(registry).increment(images);
    }

    /** Registers the gauges of every tenant in use that has none yet. */
    void registerNewTenants() {
        Set<String> tenants = new HashSet<>(pipeline.queuedImagesByTenant().keySet());
        tenants.addAll(quotas.tenants());
        tenants.forEach(this::register);
    }

    /** Registers the gauges of {@code tenant} if it has none and there is room; whether it has them now. */
    private boolean register(String tenant) {
        if (registered.contains(tenant)) {
            return true;
        }
        synchronized (registered) {
            if (registered.size() >= MAX_TENANTS || !registered.add(tenant)) {
                return registered.contains(tenant);
            }
        }
        Gauge.builder("udpm.tenant.images.queued", pipeline, p -> queued(p, tenant))
                .description("Images of the tenant waiting in this worker's batcher")
                .tag("tenant", tenant).register(registry);
        Gauge.builder("udpm.tenant.images.in.flight", quotas, q -> q.usage(tenant).imagesInFlight())
                .description("Images of the tenant admitted and not yet ended on this worker")
                .tag("tenant", tenant).register(registry);
        Gauge.builder("udpm.tenant.images.running", this, m -> Math.max(0,
                m.quotas.usage(tenant).imagesInFlight() - queued(m.pipeline, tenant)))
                .description("Images of the tenant admitted and not queued: computing, being stored, their job"
                        + " finalising").tag("tenant", tenant).register(registry);
        Gauge.builder("udpm.tenant.images.per.second", quotas, q -> q.usage(tenant).imagesPerSecond())
                .description("Images of the tenant stored per second over the last minute")
                .tag("tenant", tenant).register(registry);
        return true;
    }

    private static int queued(JobPipeline pipeline, String tenant) {
        Map<String, Integer> queued = pipeline.queuedImagesByTenant();
        return queued.getOrDefault(tenant, 0);
    }

    /** The tenant's own tag if it has (or now gets) meters of its own, else {@link #OTHER}. */
    private String tag(String tenant) {
        return register(tenant) ? tenant : OTHER;
    }

    @PreDestroy
    void stop() {
        refresh.shutdownNow();
    }
}
