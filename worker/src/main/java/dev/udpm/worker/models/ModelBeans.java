package dev.udpm.worker.models;

import java.time.Clock;

import dev.udpm.storage.ObjectStore;
import dev.udpm.worker.config.WorkerIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

/** Wires the framework-free model classes from configuration. */
@ApplicationScoped
public class ModelBeans {

    @Produces
    @Singleton
    @Typed(LoadedModels.class)
    LoadedModels loadedModels(ModelsConfig models, DeviceConfig device, ObjectStore store, ModelStatusSink sink,
            WorkerIdentity identity, MeterRegistry meters) {
        ModelPreparer preparer = new StoreModelPreparer(new ModelFetcher(store, models.cacheDir()),
                device.toDeviceOptions(), models.warmupBatchSize());
        return new LoadedModels(preparer, new ModelEvents(sink, identity.id(), Clock.systemUTC()),
                new ModelMetrics(meters), models.maxVersionsPerModel(), Clock.systemUTC());
    }

    void closeModels(@Disposes LoadedModels models) {
        models.close();
    }

    @Produces
    @Singleton
    HotReloader hotReloader(LoadedModels models) {
        return new HotReloader(models);
    }

    void closeReloader(@Disposes HotReloader reloader) {
        reloader.close();
    }

    /**
     * Stops loading and retires every version while messaging still runs, so the {@code unloaded} events go out
     * (the disposers above run after the messaging channels are gone).
     */
    void onShutdown(@Observes ShutdownEvent event, HotReloader reloader, LoadedModels models) {
        reloader.close();
        models.close();
    }
}
