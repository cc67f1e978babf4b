package dev.udpm.worker.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

import dev.udpm.schemas.Topics;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.validation.ContractValidator;
import org.jboss.logging.Logger;

/**
 * The start-up fallback: the bundled default model is loaded only when no announced version of its model is
 * serving (none announced, or every announced one rejected). Each outcome is logged saying what to do.
 */
public final class BundledModel {

    private static final Logger LOG = Logger.getLogger(BundledModel.class);

    /** What {@link #loadIfNeeded} did. */
    public enum Outcome {
        /** The bundled model is now the latest of its name. */
        LOADED,
        /** An announced version of the same model serves; the bundled one was not loaded. */
        ANNOUNCED_VERSION_SERVING,
        /** No bundled directory is configured. */
        NOT_CONFIGURED,
        /** The configured directory does not exist. */
        MISSING,
        /** The bundled model failed verification, loading or warm-up (a {@code rejected} event was sent). */
        REJECTED
    }

    private BundledModel() {
    }

    /**
     * The bundled model verified, loaded and warmed up ahead of the start-up decision ({@link #prepareAhead}), or
     * not (then {@link #loadIfNeeded(Early, LoadedModels)} prepares it itself if it is needed).
     */
    public static final class Early {
        private final Optional<Path> dir;
        private final LoadedModels.DirectoryPreparation preparation;

        private Early(Optional<Path> dir, LoadedModels.DirectoryPreparation preparation) {
            this.dir = dir;
            this.preparation = preparation;
        }

        /** Nothing prepared ahead: {@code dir} is prepared only if it is needed. */
        public static Early notPrepared(Optional<Path> dir) {
            return new Early(dir, null);
        }

        /** Whether the model was prepared (loaded, or refused) ahead. */
        public boolean prepared() {
            return preparation != null;
        }
    }

    /**
     * Verifies, loads and warms up {@code bundledDir} before anyone knows whether it is needed, so that this work
     * overlaps the rest of the start-up (the application's boot, reading {@code udpm.models} to its end) instead of
     * following it. Installs nothing and sends no event: {@link #loadIfNeeded(Early, LoadedModels)} decides, with the
     * same rule as before, and discards it when an announced version serves. Skipped (left to the decision) when
     * there is no such directory, or when {@code announced} already names its model: then an announced version is
     * likely to serve and the load would be wasted.
     */
    public static Early prepareAhead(Optional<Path> bundledDir, LoadedModels models, Predicate<String> announced) {
        if (bundledDir.isEmpty() || !Files.isDirectory(bundledDir.get())) {
            return Early.notPrepared(bundledDir);
        }
        Optional<String> name = nameOf(bundledDir.get());
        if (name.isPresent() && announced.test(name.get())) {
            return Early.notPrepared(bundledDir);
        }
        return new Early(bundledDir, models.prepareDirectory(bundledDir.get()));
    }

    /** Loads {@code bundledDir} into {@code models} unless an announced version of its model is serving. */
    public static Outcome loadIfNeeded(Optional<Path> bundledDir, LoadedModels models) {
        return loadIfNeeded(Early.notPrepared(bundledDir), models);
    }

    /**
     * Installs the bundled model (prepared ahead, else now) unless an announced version of its model is serving;
     * a model prepared ahead that is not needed is closed.
     */
    public static Outcome loadIfNeeded(Early early, LoadedModels models) {
        Optional<Path> bundledDir = early.dir;
        if (bundledDir.isEmpty()) {
            if (models.loaded().isEmpty()) {
                LOG.warn("No model loaded: " + Topics.MODELS + " announces no loadable version and"
                        + " udpm.worker.models.bundled-dir is not set. Publish a model (the trainer does) or set"
                        + " UDPM_WORKER_MODELS_BUNDLED_DIR to an exported model directory. Readiness stays DOWN until"
                        + " a model is loaded.");
            }
            return Outcome.NOT_CONFIGURED;
        }
        Path dir = bundledDir.get();
        if (!Files.isDirectory(dir)) {
            LOG.errorf("udpm.worker.models.bundled-dir = %s is not a directory, so no bundled model is loaded. Point it"
                    + " at an exported model (manifest.json + SavedModel) or publish a model on %s.", dir, Topics.MODELS);
            if (early.preparation != null) {
                early.preparation.discard();
            }
            return Outcome.MISSING;
        }
        Optional<String> name = nameOf(dir);
        Optional<String> serving = name.flatMap(models::latestVersion);
        if (serving.isPresent()) {
            LOG.infof("Bundled model %s not loaded: version %s announced on %s is serving", name.get(), serving.get(),
                    Topics.MODELS);
            if (early.preparation != null) {
                early.preparation.discard();
            }
            return Outcome.ANNOUNCED_VERSION_SERVING;
        }
        LoadedModels.DirectoryPreparation preparation = early.preparation != null ? early.preparation
                : models.prepareDirectory(dir);
        return models.activatePrepared(preparation) == LoadedModels.Activation.LOADED ? Outcome.LOADED
                : Outcome.REJECTED;
    }

    private static Optional<String> nameOf(Path dir) {
        try {
            return Optional.of(ContractValidator.shared()
                    .parseModelManifest(Files.readString(dir.resolve(ModelManifest.FILE_NAME))).name());
        } catch (Exception e) {
            return Optional.empty(); // activateDirectory rejects it with the reason
        }
    }
}
