package dev.udpm.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void conditionalAccuracyCountsPredictionsEqualToTheIntendedClass() {
        // intended 0,0,0,1,1 predicted 0,2,0,1,0: class 0 -> 2/3, class 1 -> 1/2, class 2 has no images
        Evaluation e = Evaluation.of("x", 1.5, new int[] {0, 2, 0, 1, 0}, new int[] {0, 0, 0, 1, 1}, 3);
        assertEquals(3.0 / 5, e.accuracy(), 1e-15);
        assertArrayEquals(new double[] {2.0 / 3, 0.5, Double.NaN}, e.perClassAccuracy(), 1e-15);
        assertEquals(5, e.count());
        assertEquals(1.5, e.frechetDistance());
        assertTrue(e.summary().contains("acc= 60.00%"), e.summary());
    }

    @Test
    void labelsOfTheWrongCountOrRangeAreRejected() {
        var count = assertThrows(IllegalArgumentException.class,
                () -> Evaluation.of("g", 0, new int[] {0, 1}, new int[] {0}, 2));
        assertTrue(count.getMessage().contains("1 intended labels for 2 images"), count.getMessage());
        var range = assertThrows(IllegalArgumentException.class,
                () -> Evaluation.of("g", 0, new int[] {0}, new int[] {7}, 2));
        assertTrue(range.getMessage().contains("intended label 7"), range.getMessage());
    }
}
