package dev.udpm.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureNetRunnerTest {

    @Test
    void batchSizeDoesNotChangeTheOutputs() {
        TrainedClassifier c = TrainedClassifier.get();
        float[] images = DatasetArrays.images(ImageSubset.first(c.test, 70));
        FeatureNetRunner.Outputs whole;
        FeatureNetRunner.Outputs pieces;
        try (FeatureNetRunner one = FeatureNetRunner.load(c.directory);
             FeatureNetRunner small = FeatureNetRunner.load(c.directory, 32)) {
            whole = one.run(images, 70);
            pieces = small.run(images, 70);
        }
        assertEquals(70 * 128, whole.features().length);
        assertArrayEquals(whole.predictions(), pieces.predictions());
        assertArrayEquals(whole.features(), pieces.features(), 1e-4f);
    }

    @Test
    void aFolderWithoutCheckpointAndAWrongImageCountAreRejected(@TempDir Path empty) {
        var missing = assertThrows(IllegalArgumentException.class, () -> FeatureNetRunner.load(empty));
        assertTrue(missing.getMessage().contains("featurenet.properties is missing"), missing.getMessage());
        try (FeatureNetRunner runner = FeatureNetRunner.load(TrainedClassifier.get().directory)) {
            var wrong = assertThrows(IllegalArgumentException.class, () -> runner.run(new float[1000], 1));
            assertTrue(wrong.getMessage().contains("1000 values are not 1 images of 32x32x1"), wrong.getMessage());
        }
    }

    @Test
    void repeatedRunsDoNotLeakNativeMemory() throws IOException {
        float[] images = Baselines.gaussianNoise(500, 1024, 1); // 2 MB per input tensor
        try (FeatureNetRunner runner = FeatureNetRunner.load(TrainedClassifier.get().directory)) {
            for (int i = 0; i < 10; i++) {
                runner.run(images, 500);
            }
            long before = residentKilobytes();
            for (int i = 0; i < 60; i++) {
                runner.run(images, 500);
            }
            long growthMb = (residentKilobytes() - before) / 1024;
            // an unclosed input and output tensor per run would add about 60 * 2.3 MB = 138 MB
            assertTrue(growthMb < 50, "resident memory grew by " + growthMb + " MB over 60 runs");
        }
    }

    private static long residentKilobytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS line in /proc/self/status");
    }
}
