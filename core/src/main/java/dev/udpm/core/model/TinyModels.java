package dev.udpm.core.model;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import dev.udpm.core.math.PosteriorMode;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.net.UNetConfig;
import dev.udpm.schemas.model.ModelManifest;

/**
 * Tiny randomly initialised models (a few thousand parameters, {@link UNetConfig#tiny}) exported exactly like a
 * trained one, for the tests of other modules: fast to export (about a second) and load, deterministic in the
 * seed, and with the paper's schedule.
 */
public final class TinyModels {

    /** Model name used by {@link #export(Path, long)}. */
    public static final String NAME = "tiny";

    private TinyModels() {
    }

    /**
     * A 32x32 single-channel, 10-class model (L = 3: latents 4x4, 8x8, 16x16), version {@code seed-<seed>}.
     *
     * @param dir a directory that does not exist or is empty
     */
    public static ModelManifest export(Path dir, long seed) throws IOException {
        return export(dir, seed, NAME, "seed-" + seed, 32, 1, 10);
    }

    /**
     * A tiny model of the given format.
     *
     * @param imageSize multiple of 16 (three halvings, and the tiny network needs an even coarsest latent)
     * @param channels image channels C
     * @param numClasses 0 for unconditional
     */
    public static ModelManifest export(Path dir, long seed, String name, String version, int imageSize, int channels,
            int numClasses) throws IOException {
        ModelSpec spec = new ModelSpec(name, version, Instant.parse("2025-01-01T00:00:00Z"), imageSize,
                UNetConfig.tiny(channels, numClasses), Schedule.paperDefault(), PosteriorMode.EXACT,
                Map.of("kind", "tiny-random", "seed", seed), Map.of());
        return ModelExporter.exportInitialised(dir, spec, seed);
    }
}
