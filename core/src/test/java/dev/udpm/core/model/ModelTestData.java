package dev.udpm.core.model;

import java.util.ArrayList;
import java.util.List;

import dev.udpm.core.latent.LatentShapes;
import dev.udpm.core.tf.TfEval;

/** Seeded latents for model tests. */
final class ModelTestData {

    private ModelTestData() {
    }

    /** N images' latents, seeded, for the given shapes. */
    static LatentBatch latents(LatentShapes shapes, int n, long seed) {
        List<float[]> levels = new ArrayList<>();
        for (int l = 1; l <= shapes.levels(); l++) {
            levels.add(TfEval.gaussian(seed * 31 + l, n * shapes.elementCount(l)));
        }
        return LatentBatch.of(shapes, n, levels);
    }

    /** Image {@code index} (of {@code perImage} values) out of a batch. */
    static float[] image(float[] batch, int index, int perImage) {
        return java.util.Arrays.copyOfRange(batch, index * perImage, (index + 1) * perImage);
    }
}
