package dev.udpm.trainer.service;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import dev.udpm.storage.ObjectStore;
import dev.udpm.trainer.PublishedVersions;
import dev.udpm.trainer.config.TrainerConfig;
import dev.udpm.trainer.data.FolderRoots;
import dev.udpm.trainer.runs.ModelPublisher;
import dev.udpm.trainer.runs.RunMetrics;
import dev.udpm.trainer.runs.RunService;
import dev.udpm.trainer.runs.RunStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Builds the one {@link RunService} of the application from {@link TrainerConfig}, resumes an unfinished run at
 * start-up ({@code udpm.trainer.resume-on-start}) and, at shutdown, stops the active run after its current step and
 * waits for its checkpoint (it stays RUNNING in the object store and is resumed by the next start).
 */
@ApplicationScoped
public class RunServiceLifecycle {

    private static final Logger LOG = Logger.getLogger(RunServiceLifecycle.class);

    @Produces
    @Singleton
    RunService runService(ObjectStore store, KafkaModelAnnouncer announcer, MeterRegistry registry,
            TrainerConfig config, PublishedVersions published) {
        ModelPublisher.LatestGate gate = ModelPublisher.LatestGate.of(published::current, config.rolloutGate());
        return new RunService(new RunStore(store), new ModelPublisher(store, announcer, gate), new RunMetrics(registry),
                new RunService.Settings(config.workspaceDir(), config.fashionMnistDir(), config.classifierDir(),
                        config.evalPerClass(), config.uploadSamples(), config.stopTimeout(),
                        config.folderRoots().orElse(List.of())));
    }

    void close(@Disposes RunService runs) {
        runs.close();
    }

    void onStart(@Observes StartupEvent event, RunService runs, TrainerConfig config) {
        try {
            Files.createDirectories(config.workspaceDir());
        } catch (IOException e) {
            throw new IllegalStateException("udpm.trainer.workspace-dir = " + config.workspaceDir()
                    + " cannot be created (" + e + "); point it at a writable folder", e);
        }
        if (!Files.isWritable(config.workspaceDir())) {
            throw new IllegalStateException("udpm.trainer.workspace-dir = " + config.workspaceDir()
                    + " is not writable; point it at a writable folder");
        }
        List<java.nio.file.Path> missing = new FolderRoots(config.folderRoots().orElse(List.of())).missing();
        if (!missing.isEmpty()) {
            LOG.warnf("udpm.trainer.folder-roots: %s are not folders; folder runs cannot read from them", missing);
        }
        if (!config.resumeOnStart()) {
            return;
        }
        try {
            runs.resumeUnfinished().ifPresentOrElse(
                    s -> LOG.infof("Resumed unfinished run %s", s.runId()),
                    () -> LOG.info("No unfinished run to resume"));
        } catch (RuntimeException e) {
            LOG.errorf("Could not look for unfinished runs in the object store: %s (resume them with POST"
                    + " /v1/runs/{runId}/resume)", e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event, RunService runs) {
        runs.close();
    }
}
