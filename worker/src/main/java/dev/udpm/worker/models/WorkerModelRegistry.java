package dev.udpm.worker.models;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The {@link ModelRegistry} bean: a thin view of {@link LoadedModels}. */
@ApplicationScoped
public class WorkerModelRegistry implements ModelRegistry {

    @Inject
    LoadedModels models;

    @Override
    public ModelLease acquire(String name, String version) {
        return models.acquire(name, version);
    }

    @Override
    public ModelLease acquire(String name, String version, String jobId) {
        return models.acquire(name, version, jobId);
    }

    @Override
    public List<LoadedModel> loaded() {
        return models.loaded();
    }
}
