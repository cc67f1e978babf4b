package dev.udpm.worker.models;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Model-lifecycle meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@value #RELOADS} [{@code udpm_model_reloads_total{model}}]: versions that became the latest;</li>
 *   <li>{@value #REJECTS} [{@code udpm_model_rejects_total{model,step}}]: versions rejected, by failed step;</li>
 *   <li>{@value #LOADED} [{@code udpm_models_loaded}]: versions loaded now;</li>
 *   <li>{@value #LEASES} [{@code udpm_model_leases_active}]: leases held by batches now;</li>
 *   <li>{@value #LOAD_TIME} [{@code udpm_model_load_seconds{model}}]: download + verify + load + warm-up.</li>
 * </ul>
 */
public final class ModelMetrics {

    public static final String RELOADS = "udpm.model.reloads";
    public static final String REJECTS = "udpm.model.rejects";
    public static final String LOADED = "udpm.models.loaded";
    public static final String LEASES = "udpm.model.leases.active";
    public static final String LOAD_TIME = "udpm.model.load";

    private final MeterRegistry registry;

    public ModelMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the gauges that read the registry's state. */
    void bindGauges(Supplier<Number> loadedVersions, Supplier<Number> activeLeases) {
        Gauge.builder(LOADED, loadedVersions).description("Model versions loaded on this worker").register(registry);
        Gauge.builder(LEASES, activeLeases).description("Model leases held by running batches").register(registry);
    }

    void becameLatest(String model) {
        Counter.builder(RELOADS).description("Model versions that became the latest (start-up and hot reloads)")
                .tag("model", model).register(registry).increment();
    }

    void rejected(String model, LoadStep step) {
        Counter.builder(REJECTS).description("Model versions rejected, by the step that failed")
                .tag("model", model).tag("step", step.label()).register(registry).increment();
    }

    void loadTime(String model, Duration time) {
        Timer.builder(LOAD_TIME).description("Time to download, verify, load and warm up a model version")
                .tag("model", model).register(registry).record(time);
    }
}
