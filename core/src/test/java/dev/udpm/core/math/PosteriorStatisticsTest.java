package dev.udpm.core.math;

import static dev.udpm.core.math.DegradationOperator.project;
import static dev.udpm.core.math.DegradationOperator.projectComplement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Monte Carlo checks of the posterior's law with fixed seeds. Every tolerance is a multiple of the estimator's
 * standard error at the sample size used, and each test also asserts that the OTHER mode's law lies well
 * outside that tolerance, so the test has the power to tell the two apart.
 */
class PosteriorStatisticsTest {

    /**
     * (a) Posterior samples have the closed-form mean and covariance: EXACT {@code Sigma = Q/(a+b) + (I-Q)/b},
     * PAPER_CODE {@code Sigma = I/(a+b)}. A schedule with a = 81, b = 100 at l = 2 makes the within-block
     * structure large (correlation -0.13 in EXACT) so that the full 16x16 covariance of a 4x4 map is checked
     * entry by entry.
     */
    @Test
    void posteriorSamplesHaveTheClosedFormCovarianceInBothModes() {
        Schedule strong = Schedule.of(new double[] {0.5, 0.9}, new double[] {0.1, 0.1});
        double a = 0.81 / 0.01;
        double b = 1.0 / 0.01;
        for (PosteriorMode mode : PosteriorMode.values()) {
            Moments m = posteriorMoments(new Posterior(strong, mode), 40_000, 99L);
            double[][] expected = mode == PosteriorMode.EXACT ? exactSigma(a, b) : scalarSigma(a, b);
            double[][] other = mode == PosteriorMode.EXACT ? scalarSigma(a, b) : exactSigma(a, b);
            double worst = 0;
            double worstOther = 0;
            for (int i = 0; i < 16; i++) {
                double meanZ = (m.mean[i] - m.expectedMean[i]) / Math.sqrt(expected[i][i] / m.n);
                assertTrue(Math.abs(meanZ) < 5, mode + ": mean of pixel " + i + " is " + meanZ + " SE off");
                for (int j = i; j < 16; j++) {
                    double se = Math.sqrt((expected[i][i] * expected[j][j] + expected[i][j] * expected[i][j]) / m.n);
                    worst = Math.max(worst, Math.abs(m.cov[i][j] - expected[i][j]) / se);
                    worstOther = Math.max(worstOther, Math.abs(m.cov[i][j] - other[i][j]) / se);
                }
            }
            assertTrue(worst < 5, mode + ": a covariance entry is " + worst + " SE from the closed form");
            assertTrue(worstOther > 20, mode + ": the other mode's covariance is only " + worstOther
                    + " SE away; the test would not detect a wrong law");
        }
    }

    /**
     * (b) Ancestral consistency at the paper schedule, l = 2: with {@code x_2 ~ q(x_2 | x_0)} and the TRUE
     * {@code f = H x_0}, the EXACT posterior sample has the forward marginal of {@code x_1}: mean
     * {@code alphaBar_1 H x_0}, variance {@code sigmaBarSq_1 = 0.01} in every direction. PAPER_CODE keeps the
     * variance 0.01 on block-constant directions but has {@code 1/(a+b) = 1/101} (0.99% low) on the other 192
     * of 256, and its mean is pulled towards the block means by {@code alphaBar_1 a/(a+b) (I-Q) H x_0}
     * (a/(a+b) = 1/101). At n = 20000 the relative standard error of the complement variance is
     * sqrt(2 / (192 n)) = 0.072%, so 0.99% is 13.7 SE: detectable, and asserted.
     */
    @Test
    void exactPosteriorReproducesTheForwardMarginalAndPaperCodeIsOnePercentOff() {
        Schedule schedule = Schedule.paperDefault();
        ForwardProcess forward = new ForwardProcess(schedule);
        Hwc x0 = TestMaps.uniform(new Random(5L), 32, 32, 1);
        Hwc f = DegradationOperator.applyH(x0);                    // true H^{l-1} x_0, 16x16
        Hwc targetMean = f.scale(schedule.alphaBar(1));
        Hwc fComplement = projectComplement(f);
        Hwc direction = fComplement.scale(1.0 / Math.sqrt(fComplement.squaredNorm()));
        int n = 20_000;
        int rangeDims = 64;        // 8x8 blocks
        int complementDims = 192;  // 256 - 64
        double target = schedule.sigmaBarSq(1);                    // 0.01
        double a = 1.0;
        double b = 100.0;

        for (PosteriorMode mode : PosteriorMode.values()) {
            Posterior posterior = new Posterior(schedule, mode);
            Random rng = new Random(1234L);
            double[] sum = new double[256];
            double sumSqRange = 0;
            double sumSqComplement = 0;
            for (int s = 0; s < n; s++) {
                Hwc x2 = forward.marginalSample(x0, 2, TestMaps.gaussian(rng, 8, 8, 1));
                Hwc x1 = posterior.sample(2, x2, f, TestMaps.gaussian(rng, 16, 16, 1));
                for (int i = 0; i < 256; i++) {
                    sum[i] += x1.values()[i];
                }
                sumSqRange += project(x1).squaredNorm();
                sumSqComplement += projectComplement(x1).squaredNorm();
            }
            double[] meanValues = new double[256];
            for (int i = 0; i < 256; i++) {
                meanValues[i] = sum[i] / n;
            }
            Hwc mean = new Hwc(16, 16, 1, meanValues);
            double varRange = (sumSqRange - n * project(mean).squaredNorm()) / ((n - 1.0) * rangeDims);
            double varComplement = (sumSqComplement - n * projectComplement(mean).squaredNorm())
                    / ((n - 1.0) * complementDims);
            double relSeRange = Math.sqrt(2.0 / (rangeDims * (n - 1.0)));
            double relSeComplement = Math.sqrt(2.0 / (complementDims * (n - 1.0)));
            double bias = mean.minus(targetMean).dot(direction);

            // Block-constant directions: both modes have the marginal's variance 0.01 there.
            assertEquals(1.0, varRange / target, 4 * relSeRange, mode + ": variance on range(Q)");
            if (mode == PosteriorMode.EXACT) {
                assertEquals(1.0, varComplement / target, 4 * relSeComplement,
                        "EXACT: variance on (I-Q) should be sigmaBarSq_1 = 0.01, was " + varComplement);
                assertEquals(0.0, bias, 5 * Math.sqrt(target / n), "EXACT: mean bias along (I-Q) H x_0");
                double worstMeanZ = mean.maxAbsDifference(targetMean) / Math.sqrt(target / n);
                assertTrue(worstMeanZ < 5, "EXACT: a pixel mean is " + worstMeanZ + " SE from alphaBar_1 H x_0");
            } else {
                double scalarVar = 1.0 / (a + b);
                assertEquals(1.0, varComplement / scalarVar, 4 * relSeComplement,
                        "PAPER_CODE: variance on (I-Q) should be 1/(a+b) = 1/101, was " + varComplement);
                assertTrue(Math.abs(varComplement / target - 1.0) > 8 * relSeComplement,
                        "PAPER_CODE: variance on (I-Q) " + varComplement + " is not detectably below 0.01");
                double expectedBias = -schedule.alphaBar(1) * a / (a + b) * Math.sqrt(fComplement.squaredNorm());
                double seBias = Math.sqrt(scalarVar / n);
                assertEquals(expectedBias, bias, 5 * seBias, "PAPER_CODE: mean bias along (I-Q) H x_0");
                assertTrue(Math.abs(expectedBias) > 20 * seBias, "the PAPER_CODE bias must be detectable");
            }
        }
    }

    /** Sample moments of posterior draws x_1 (4x4x1) given a fixed x_2 (2x2x1) and f (4x4x1). */
    private static Moments posteriorMoments(Posterior posterior, int n, long seed) {
        Random rng = new Random(seed);
        Hwc xl = TestMaps.gaussian(rng, 2, 2, 1);
        Hwc f = TestMaps.uniform(rng, 4, 4, 1);
        double[] sum = new double[16];
        double[][] sumOuter = new double[16][16];
        for (int s = 0; s < n; s++) {
            double[] x = posterior.sample(2, xl, f, TestMaps.gaussian(rng, 4, 4, 1)).values();
            for (int i = 0; i < 16; i++) {
                sum[i] += x[i];
                for (int j = i; j < 16; j++) {
                    sumOuter[i][j] += x[i] * x[j];
                }
            }
        }
        Moments m = new Moments();
        m.n = n;
        m.expectedMean = posterior.mean(2, xl, f).values();
        for (int i = 0; i < 16; i++) {
            m.mean[i] = sum[i] / n;
        }
        for (int i = 0; i < 16; i++) {
            for (int j = i; j < 16; j++) {
                m.cov[i][j] = (sumOuter[i][j] - n * m.mean[i] * m.mean[j]) / (n - 1.0);
            }
        }
        return m;
    }

    /** Q_ij = 1/4 when pixels i and j of a 4x4 map share a 2x2 block. */
    private static double q(int i, int j) {
        int bi = (i / 4 / 2) * 2 + (i % 4) / 2;
        int bj = (j / 4 / 2) * 2 + (j % 4) / 2;
        return bi == bj ? 0.25 : 0.0;
    }

    private static double[][] exactSigma(double a, double b) {
        double[][] s = new double[16][16];
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                s[i][j] = q(i, j) / (a + b) + ((i == j ? 1.0 : 0.0) - q(i, j)) / b;
            }
        }
        return s;
    }

    private static double[][] scalarSigma(double a, double b) {
        double[][] s = new double[16][16];
        for (int i = 0; i < 16; i++) {
            s[i][i] = 1.0 / (a + b);
        }
        return s;
    }

    private static final class Moments {
        int n;
        double[] mean = new double[16];
        double[] expectedMean;
        double[][] cov = new double[16][16];
    }
}
