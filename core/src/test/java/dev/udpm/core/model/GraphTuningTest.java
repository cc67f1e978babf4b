package dev.udpm.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.latent.LatentShapes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default session (remapper off) against TensorFlow's defaults (remapper on), same exported model, fixed seeds:
 * the outputs agree to float rounding, and an image is byte-identical in a padded batch of 4 and in a batch of 8 with
 * the remapper off.
 */
class GraphTuningTest {

    private static final int PIXELS = 32 * 32;

    @TempDir
    Path temp;

    @Test
    void theRemapperOffKeepsTheOutputsToFloatRoundingAndTheirBatchIdentity() throws IOException {
        var manifest = TinyModels.export(temp.resolve("tiny"), 11);
        LatentGenerator generator = new LatentGenerator(
                new LatentShapes(manifest.levels(), manifest.imageSize(), manifest.channels()));
        LatentBatch eight = LatentBatch.of(generator.generate(21, 0, 8));
        LatentBatch four = LatentBatch.of(generator.generate(21, 0, 4));
        int[] labels = {0, 1, 2, 3, 4, 5, 6, 7};
        float[] tensorFlow;
        try (UdpmModel m = ModelLoader.load(temp.resolve("tiny"),
                DeviceOptions.cpu(0, 0).withTuning(GraphTuning.tensorflowDefaults()))) {
            tensorFlow = m.generate(eight, labels);
        }
        try (UdpmModel m = ModelLoader.load(temp.resolve("tiny"), DeviceOptions.cpu(0, 0))) {
            float[] ours = m.generate(eight, labels);
            double max = 0;
            for (int i = 0; i < ours.length; i++) {
                max = Math.max(max, Math.abs(ours[i] - tensorFlow[i]));
            }
            assertTrue(max < 1e-5, "remapper off (the default) differs from TensorFlow's defaults by " + max);
            float[] padded = m.generate(four, Arrays.copyOf(labels, 4));
            assertArrayEquals(Arrays.copyOf(padded, PIXELS), Arrays.copyOf(ours, PIXELS),
                    "image 0 differs between a batch of 4 and a batch of 8");
        }
    }
}
