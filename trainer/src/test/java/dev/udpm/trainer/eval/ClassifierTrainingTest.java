package dev.udpm.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.udpm.core.classifier.FeatureNetCheckpoint;
import dev.udpm.core.classifier.FeatureNetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTrainingTest {

    @TempDir
    Path dir;

    @Test
    void aFewHundredStepsClassifyClearlyAboveChance() {
        TrainedClassifier c = TrainedClassifier.get();
        assertEquals(250, c.outcome.steps());
        assertTrue(c.outcome.testAccuracy() > 0.6,
                "test accuracy " + c.outcome.testAccuracy() + " on 1000 images is not clearly above chance (0.1)");
        assertTrue(c.outcome.finalLoss() < Math.log(10), "loss " + c.outcome.finalLoss() + " not below ln 10");
        assertEquals(5, c.progressReports, "one report every 50 of 250 steps");
        assertEquals(FeatureNetConfig.fashionMnist(), FeatureNetCheckpoint.readConfig(c.directory));
    }

    @Test
    void theSameSeedGivesBitIdenticalWeightsAndAnotherSeedOthers() throws IOException {
        TrainedClassifier c = TrainedClassifier.get();
        var subset = ImageSubset.first(c.train, 640);
        List<double[]> reports = new ArrayList<>();
        byte[] first = weights(subset, 3L, dir.resolve("a"), reports);
        byte[] second = weights(subset, 3L, dir.resolve("b"), reports);
        byte[] otherSeed = weights(subset, 4L, dir.resolve("c"), reports);
        assertArrayEquals(first, second, "two runs with seed 3 saved different weights");
        assertFalse(Arrays.equals(first, otherSeed), "seeds 3 and 4 saved equal weights");
        assertEquals(reports.get(1)[0], reports.get(3)[0], 0.0, "step-20 loss differs between equal seeds");
    }

    @Test
    void mismatchedDatasetsAndBadOptionsAreRejectedByName() {
        TrainedClassifier c = TrainedClassifier.get();
        FeatureNetConfig rgb = new FeatureNetConfig(32, 3, List.of(8), 3, 16, 10);
        var e = assertThrows(IllegalArgumentException.class, () -> ClassifierTraining.train(c.train, c.test, rgb,
                ClassifierTraining.Options.defaults(), dir, (s, t, l, r) -> { }));
        assertTrue(e.getMessage().contains("32x32x1") && e.getMessage().contains("32x32x3"), e.getMessage());
        var tooBig = assertThrows(IllegalArgumentException.class, () -> ClassifierTraining.train(
                ImageSubset.first(c.train, 10), c.test, FeatureNetConfig.fashionMnist(),
                ClassifierTraining.Options.defaults(), dir, (s, t, l, r) -> { }));
        assertTrue(tooBig.getMessage().contains("fewer than one batch of 64"), tooBig.getMessage());
        var lr = assertThrows(IllegalArgumentException.class,
                () -> new ClassifierTraining.Options(1, 8, 0f, 1, 0, 1));
        assertTrue(lr.getMessage().contains("learningRate = 0.0"), lr.getMessage());
    }

    private static byte[] weights(ImageSubset train, long seed, Path out, List<double[]> reports)
            throws IOException {
        var options = new ClassifierTraining.Options(1, 32, 1e-3f, seed, 20, 10);
        ClassifierTraining.train(train, ImageSubset.first(TrainedClassifier.get().test, 50),
                FeatureNetConfig.fashionMnist(), options, out, (s, t, loss, r) -> reports.add(new double[] {loss}));
        return Files.readAllBytes(out.resolve("featurenet.data-00000-of-00001"));
    }
}
