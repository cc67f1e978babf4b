package dev.udpm.worker.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

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

    /** Loads {@code bundledDir} into {@code models} unless an announced version of its model is serving. */
    public static Outcome loadIfNeeded(Optional<Path> bundledDir, LoadedModels models) {
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
            return Outcome.MISSING;
        }
        Optional<String> name = nameOf(dir);
        Optional<String> serving = name.flatMap(models::latestVersion);
        if (serving.isPresent()) {
            LOG.infof("Bundled model %s not loaded: version %s announced on %s is serving", name.get(), serving.get(),
                    Topics.MODELS);
            return Outcome.ANNOUNCED_VERSION_SERVING;
        }
        return models.activateDirectory(dir) == LoadedModels.Activation.LOADED ? Outcome.LOADED : Outcome.REJECTED;
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
