package dev.udpm.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GaussianStatsTest {

    @Test
    void meanAndUnbiasedCovarianceMatchTheHandComputation() {
        // points (1, 2), (3, 6), (5, 4): mean (3, 4); deviations x (-2, 0, 2), y (-2, 2, 0)
        // var x = 8/2 = 4, var y = 8/2 = 4, cov xy = (4 + 0 + 0)/2 = 2
        GaussianStats s = GaussianStats.of(new float[] {1, 2, 3, 6, 5, 4}, 3, 2);
        assertArrayEquals(new double[] {3, 4}, s.mean(), 1e-12);
        assertArrayEquals(new double[] {4, 2}, s.covariance()[0], 1e-12);
        assertArrayEquals(new double[] {2, 4}, s.covariance()[1], 1e-12);
        assertEquals(3, s.count());
        assertEquals(2, s.dimension());
    }

    @Test
    void tooFewVectorsOrAWrongLengthAreRejected() {
        var one = assertThrows(IllegalArgumentException.class, () -> GaussianStats.of(new float[] {1, 2}, 1, 2));
        assertTrue(one.getMessage().contains("at least 2"), one.getMessage());
        var length = assertThrows(IllegalArgumentException.class, () -> GaussianStats.of(new float[5], 2, 2));
        assertTrue(length.getMessage().contains("5 values"), length.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new GaussianStats(new double[2], new double[][] {{1, 0}}, 2));
    }
}
