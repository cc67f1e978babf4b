package dev.udpm.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    @Test
    void identicalSetsAreAtDistanceZero() {
        GaussianStats s = GaussianStats.of(correlatedSamples(500, 16, 1, 0), 500, 16);
        assertEquals(0, FrechetDistance.between(s, s), 1e-9 * FrechetDistance.trace(s.covariance()));
    }

    @Test
    void oneDimensionalGaussiansGiveTheSquaredMeanAndStdDifferences() {
        // (m1 - m2)^2 + (s1 - s2)^2 = (1 - 4)^2 + (2 - 0.5)^2 = 9 + 2.25
        GaussianStats a = new GaussianStats(new double[] {1}, new double[][] {{4}}, 10);
        GaussianStats b = new GaussianStats(new double[] {4}, new double[][] {{0.25}}, 10);
        assertEquals(11.25, FrechetDistance.between(a, b), 1e-12);
    }

    @Test
    void diagonalCovariancesSumTheSquaredStdDifferencesPerAxis() {
        // |mu|^2 = 1 + 4 + 0 = 5; sum (s1 - s2)^2 = (1-3)^2 + (2-2)^2 + (0.5-1.5)^2 = 4 + 0 + 1
        GaussianStats a = new GaussianStats(new double[] {0, 0, 1},
                new double[][] {{1, 0, 0}, {0, 4, 0}, {0, 0, 0.25}}, 10);
        GaussianStats b = new GaussianStats(new double[] {1, 2, 1},
                new double[][] {{9, 0, 0}, {0, 4, 0}, {0, 0, 2.25}}, 10);
        assertEquals(10, FrechetDistance.between(a, b), 1e-12);
    }

    @Test
    void scaledCorrelatedCovarianceGivesTraceTimesOneMinusRootScaleSquared() {
        // S2 = c S1 commutes with S1: tr(S1 + c S1 - 2 sqrt(c) S1) = tr(S1) (1 - sqrt(c))^2
        double[][] s1 = GaussianStats.of(correlatedSamples(200, 8, 2, 0), 200, 8).covariance();
        double c = 2.25;
        double[][] s2 = new double[8][8];
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                s2[i][j] = c * s1[i][j];
            }
        }
        double expected = FrechetDistance.trace(s1) * (1 - Math.sqrt(c)) * (1 - Math.sqrt(c));
        double fd = FrechetDistance.between(new GaussianStats(new double[8], s1, 200),
                new GaussianStats(new double[8], s2, 200));
        assertEquals(expected, fd, 1e-10 * FrechetDistance.trace(s1));
    }

    @Test
    void translationChangesOnlyTheMeanTerm() {
        int n = 400;
        int d = 10;
        float[] x = correlatedSamples(n, d, 3, 0);
        float[] y = correlatedSamples(n, d, 4, 0);
        float[] shifted = y.clone();
        double[] t = new double[d];
        for (int i = 0; i < d; i++) {
            t[i] = 0.5 * (i - 4);
        }
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < d; i++) {
                shifted[k * d + i] += (float) t[i];
            }
        }
        GaussianStats a = GaussianStats.of(x, n, d);
        GaussianStats b = GaussianStats.of(y, n, d);
        GaussianStats bShifted = GaussianStats.of(shifted, n, d);
        double meanTermBefore = 0;
        double meanTermAfter = 0;
        for (int i = 0; i < d; i++) {
            double diff = a.mean()[i] - b.mean()[i];
            meanTermBefore += diff * diff;
            meanTermAfter += (diff - t[i]) * (diff - t[i]);
        }
        double covarianceTerm = FrechetDistance.between(a, b) - meanTermBefore;
        assertTrue(covarianceTerm > 0.01, "independent samples should differ in covariance: " + covarianceTerm);
        assertEquals(covarianceTerm + meanTermAfter, FrechetDistance.between(a, bShifted), 1e-5);
    }

    @Test
    void distanceIsSymmetricAndPositiveForNonCommutingCovariances() {
        GaussianStats a = GaussianStats.of(correlatedSamples(300, 12, 5, 0), 300, 12);
        GaussianStats b = GaussianStats.of(correlatedSamples(300, 12, 6, 1), 300, 12);
        double ab = FrechetDistance.between(a, b);
        assertTrue(ab > 0, "FD of different sets must be positive: " + ab);
        assertEquals(ab, FrechetDistance.between(b, a), 1e-9 * ab);
    }

    @Test
    void differentDimensionsAreRejected() {
        GaussianStats a = new GaussianStats(new double[] {0}, new double[][] {{1}}, 2);
        GaussianStats b = new GaussianStats(new double[2], new double[][] {{1, 0}, {0, 1}}, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> FrechetDistance.between(a, b));
        assertTrue(e.getMessage().contains("1 vs 2"), e.getMessage());
    }

    /** Samples {@code z M + shift} with a random mixing matrix {@code M} per seed, so covariances differ. */
    static float[] correlatedSamples(int n, int d, long seed, double shift) {
        Random random = new Random(seed);
        double[][] mix = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                mix[i][j] = random.nextGaussian() / Math.sqrt(d) + (i == j ? 1 : 0);
            }
        }
        float[] out = new float[n * d];
        double[] z = new double[d];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < d; i++) {
                z[i] = random.nextGaussian();
            }
            for (int j = 0; j < d; j++) {
                double sum = shift;
                for (int i = 0; i < d; i++) {
                    sum += z[i] * mix[i][j];
                }
                out[k * d + j] = (float) sum;
            }
        }
        return out;
    }
}
