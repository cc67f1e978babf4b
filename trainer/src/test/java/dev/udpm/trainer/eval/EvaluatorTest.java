package dev.udpm.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    private static TrainedClassifier classifier;
    private static Evaluator evaluator;
    private static GaussianStats reference;

    @BeforeAll
    static void loadTheTrainedClassifier() {
        classifier = TrainedClassifier.get();
        evaluator = Evaluator.load(classifier.directory);
        reference = evaluator.statsOf(classifier.test);
    }

    @AfterAll
    static void close() {
        evaluator.close();
    }

    @Test
    void theTestSetAgainstItselfHasZeroDistanceAndTheTrainingAccuracy() {
        Evaluation self = evaluator.evaluate("test", DatasetArrays.images(classifier.test), classifier.test.size(),
                DatasetArrays.labels(classifier.test), reference);
        assertEquals(0, self.frechetDistance(), 1e-6 * FrechetDistance.trace(reference.covariance()));
        assertEquals(classifier.outcome.testAccuracy(), self.accuracy(), 0.0);
        assertEquals(1000, reference.count());
        assertEquals(128, reference.dimension());
    }

    @Test
    void theRealDataFloorIsBelowEveryBaseline() {
        List<Evaluation> refs = evaluator.references(classifier.train, reference, 500, 11);
        assertEquals(List.of(Evaluator.FLOOR, "blurred 4x4", "class means", "gaussian noise"),
                refs.stream().map(Evaluation::name).toList());
        Evaluation floor = refs.get(0);
        for (Evaluation baseline : refs.subList(1, refs.size())) {
            assertEquals(500, baseline.count());
            assertTrue(floor.frechetDistance() < baseline.frechetDistance(), "floor FD " + floor.frechetDistance()
                    + " is not below the '" + baseline.name() + "' FD " + baseline.frechetDistance());
        }
        assertTrue(floor.accuracy() > 0.6, "real images classified at " + floor.accuracy());
        assertTrue(refs.get(3).accuracy() < 0.35, "noise classified as its random label at " + refs.get(3).accuracy());
    }

    @Test
    void unconditionalSetsGetAnFdButNoAccuracy() {
        float[] noise = Baselines.gaussianNoise(50, 1024, 5);
        Evaluation e = evaluator.evaluate("noise", noise, 50, null, reference);
        assertTrue(Double.isNaN(e.accuracy()));
        assertEquals(0, e.perClassAccuracy().length);
        assertTrue(e.frechetDistance() > 0);
    }

    @Test
    void referenceCountOutsideTheTrainingSetIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> evaluator.references(classifier.train, reference, 3001, 1));
        assertTrue(e.getMessage().contains("count = 3001") && e.getMessage().contains("3000"), e.getMessage());
    }

    @Test
    void sampleWithoutReplacementDrawsDistinctIndicesReproducibly() {
        int[] a = Evaluator.sampleWithoutReplacement(100, 40, 9);
        Set<Integer> distinct = new HashSet<>();
        for (int i : a) {
            assertTrue(i >= 0 && i < 100, "index " + i + " out of range");
            distinct.add(i);
        }
        assertEquals(40, distinct.size());
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(
                Evaluator.sampleWithoutReplacement(100, 40, 9)));
    }
}
