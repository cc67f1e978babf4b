package dev.udpm.worker.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.udpm.core.model.TinyModels;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The worker's bundled default model for {@code @QuarkusTest}s: exports a tiny random model
 * ({@value #NAME}/{@value #VERSION}, 32x32x1, 10 classes, L = 3, weights from seed {@value #SEED}) into a temporary
 * directory and points {@code udpm.worker.models.bundled-dir} at it; downloads go to a temporary cache dir.
 *
 * <p>Declared once with {@code @QuarkusTestResource(BundledTinyModelResource.class)} (global, like
 * {@code RealInfraResource}), so every test class shares one application with this model loaded at start.
 */
public final class BundledTinyModelResource implements QuarkusTestResourceLifecycleManager {

    /** Model name of the bundled model. */
    public static final String NAME = "tiny";
    /** Version of the bundled model. */
    public static final String VERSION = "bundled-1";
    /** Seed of its weights: {@code TinyModels.export(dir, SEED, NAME, VERSION, 32, 1, 10)} re-creates it. */
    public static final long SEED = 1;

    private Path root;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("udpm-worker-test-");
            Path bundled = root.resolve("bundled");
            TinyModels.export(bundled, SEED, NAME, VERSION, 32, 1, 10);
            return Map.of(
                    "udpm.worker.models.bundled-dir", bundled.toString(),
                    "udpm.worker.models.cache-dir", root.resolve("cache").toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export the bundled tiny model", e);
        }
    }

    @Override
    public void stop() {
        if (root != null) {
            ModelFetcher.deleteRecursively(root);
        }
    }
}
