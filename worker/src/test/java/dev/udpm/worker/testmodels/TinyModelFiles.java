package dev.udpm.worker.testmodels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.ModelLoader;
import dev.udpm.core.model.TinyModels;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.validation.ContractValidator;

/**
 * Tiny random models exported once per test JVM ({@link TinyModels}, about a second each) into a temporary
 * directory: {@value #CONDITIONAL} (32x32x1, 10 classes, L = 3) and {@value #UNCONDITIONAL} (32x32x1, no
 * classes). Every {@link #load} returns a fresh {@link UdpmModel} the caller closes.
 */
public final class TinyModelFiles {

    /** Name of the 10-class model. */
    public static final String CONDITIONAL = "tiny";
    /** Version of {@link #CONDITIONAL}. */
    public static final String CONDITIONAL_VERSION = "seed-7";
    /** Name of the unconditional model. */
    public static final String UNCONDITIONAL = "tiny-uncond";
    /** Version of {@link #UNCONDITIONAL}. */
    public static final String UNCONDITIONAL_VERSION = "seed-8";

    private static Path root;

    private TinyModelFiles() {
    }

    /** The exported directory of model {@code name} (one of the constants). */
    public static synchronized Path dir(String name) {
        try {
            if (root == null) {
                Path dir = Files.createTempDirectory("udpm-worker-tiny-models");
                TinyModels.export(dir.resolve(CONDITIONAL), 7, CONDITIONAL, CONDITIONAL_VERSION, 32, 1, 10);
                TinyModels.export(dir.resolve(UNCONDITIONAL), 8, UNCONDITIONAL, UNCONDITIONAL_VERSION, 32, 1, 0);
                root = dir;
            }
            Path dir = root.resolve(name);
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("no tiny model named '" + name + "'; use " + CONDITIONAL + " or "
                        + UNCONDITIONAL);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not export the tiny test models", e);
        }
    }

    /** The manifest of model {@code name}, read from its {@code manifest.json} (no TensorFlow session). */
    public static ModelManifest manifest(String name) {
        try {
            return ContractValidator.shared().parseModelManifest(
                    Files.readString(dir(name).resolve(ModelManifest.FILE_NAME)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the manifest of tiny model " + name, e);
        }
    }

    /** A freshly loaded model {@code name} on the CPU. */
    public static UdpmModel load(String name) {
        try {
            return ModelLoader.load(dir(name), DeviceOptions.cpu(0, 0));
        } catch (IOException e) {
            throw new UncheckedIOException("could not load tiny model " + name + ": " + e.getMessage(), e);
        }
    }
}
