package dev.udpm.core.tf;

import static dev.udpm.core.tf.TfEval.eval;
import static dev.udpm.core.tf.TfEval.evalAll;
import static dev.udpm.core.tf.TfEval.gaussian;
import static dev.udpm.core.tf.TfEval.nhwc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import dev.udpm.core.math.PosteriorMode;
import dev.udpm.core.math.Schedule;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

class PosteriorOpsTest {

    private final Schedule schedule = Schedule.paperDefault();
    /** A 2x2 image whose only block has mean 0, so Q of it is 0. */
    private static final float[] ZERO_MEAN_BLOCK = {1, -1, -1, 1};

    @Test
    void onZeroMeanBlocksTheExactModeKeepsAlphaBarTimesFAndOneOverSqrtBNoise() {
        // l = 2: a = 1, b = 100, alphaBar_1 = 0.5; x_2 = 0 so only f and z contribute.
        float[] zeroX = {0};
        float[] onlyF = eval(tf -> PosteriorOps.posteriorSample(tf, schedule, PosteriorMode.EXACT, 2,
                nhwc(tf, zeroX, 1, 1, 1, 1), nhwc(tf, ZERO_MEAN_BLOCK, 1, 2, 2, 1), nhwc(tf, new float[4], 1, 2, 2, 1)));
        assertArrayEquals(scaled(ZERO_MEAN_BLOCK, 0.5), onlyF, 1e-6f);
        float[] onlyZ = eval(tf -> PosteriorOps.posteriorSample(tf, schedule, PosteriorMode.EXACT, 2,
                nhwc(tf, zeroX, 1, 1, 1, 1), nhwc(tf, new float[4], 1, 2, 2, 1), nhwc(tf, ZERO_MEAN_BLOCK, 1, 2, 2, 1)));
        assertArrayEquals(scaled(ZERO_MEAN_BLOCK, 0.1), onlyZ, 1e-6f);
    }

    @Test
    void thePaperCodeModeUsesOneScalarVarianceEverywhere() {
        float[] zeroX = {0};
        float[] onlyF = eval(tf -> PosteriorOps.posteriorSample(tf, schedule, PosteriorMode.PAPER_CODE, 2,
                nhwc(tf, zeroX, 1, 1, 1, 1), nhwc(tf, ZERO_MEAN_BLOCK, 1, 2, 2, 1), nhwc(tf, new float[4], 1, 2, 2, 1)));
        assertArrayEquals(scaled(ZERO_MEAN_BLOCK, 0.495049505), onlyF, 1e-6f);
        float[] onlyZ = eval(tf -> PosteriorOps.posteriorSample(tf, schedule, PosteriorMode.PAPER_CODE, 2,
                nhwc(tf, zeroX, 1, 1, 1, 1), nhwc(tf, new float[4], 1, 2, 2, 1), nhwc(tf, ZERO_MEAN_BLOCK, 1, 2, 2, 1)));
        assertArrayEquals(scaled(ZERO_MEAN_BLOCK, 0.0995037190), onlyZ, 1e-6f);
    }

    @Test
    void paperCodeStepMatchesTheReferenceFormulaAtLevelThree() {
        // x_2 = 4.4888869e-4 H^T x_3 + 0.09999995511 f + 0.2009974673 e_2, with x_3 = 2, f = 3, e_2 = -1:
        float[] x2 = eval(tf -> PosteriorOps.posteriorSample(tf, schedule, PosteriorMode.PAPER_CODE, 3,
                nhwc(tf, new float[] {2}, 1, 1, 1, 1), nhwc(tf, new float[] {3, 3, 3, 3}, 1, 2, 2, 1),
                nhwc(tf, new float[] {-1, -1, -1, -1}, 1, 2, 2, 1)));
        float expected = (float) (4.4888869e-4 * 0.5 * 2 + 0.09999995511 * 3 - 0.2009974673);
        assertArrayEquals(new float[] {expected, expected, expected, expected}, x2, 1e-6f);
    }

    @Test
    void exactMeanSolvesTheNormalEquationsOfEquationsElevenAndTwelve() {
        // Sigma^-1 mu = (alpha_l / sigma_l^2) H^T x_l + (alphaBar_{l-1} / sigmaBarSq_{l-1}) f, Sigma^-1 = a Q + b I
        for (int l = 2; l <= 3; l++) {
            int level = l;
            float[] x = gaussian(10 + l, 2 * 4 * 4 * 3);
            float[] f = gaussian(20 + l, 2 * 8 * 8 * 3);
            List<float[]> out = evalAll(tf -> {
                Operand<TFloat32> xl = nhwc(tf, x, 2, 4, 4, 3);
                Operand<TFloat32> mean = PosteriorOps.posteriorMean(tf, schedule, PosteriorMode.EXACT, level, xl,
                        nhwc(tf, f, 2, 8, 8, 3));
                return List.of(mean, DegradationOps.applyProjection(tf, mean), DegradationOps.applyHTranspose(tf, xl));
            });
            double a = Math.pow(schedule.alpha(l) / schedule.sigma(l), 2);
            double b = 1 / schedule.sigmaBarSq(l - 1);
            double cx = schedule.alpha(l) / Math.pow(schedule.sigma(l), 2);
            double cf = schedule.alphaBar(l - 1) / schedule.sigmaBarSq(l - 1);
            float[] mu = out.get(0);
            float[] qmu = out.get(1);
            float[] htx = out.get(2);
            for (int i = 0; i < mu.length; i++) {
                double lhs = a * qmu[i] + b * mu[i];
                double rhs = cx * htx[i] + cf * f[i];
                assertEquals(rhs, lhs, 1e-4 * Math.max(1, Math.abs(rhs)), "level " + l + " element " + i);
            }
        }
    }

    @Test
    void exactNoiseHasCovarianceSigmaWithInverseAQPlusBI() {
        // d = sample - mean = Sigma^(1/2) z. Check (a Q + b I) Sigma^(1/2) d = z, using Q Sigma^(1/2) = Q / sqrt(a+b).
        for (int l = 2; l <= 3; l++) {
            int level = l;
            float[] x = gaussian(30 + l, 4 * 4 * 2);
            float[] f = gaussian(40 + l, 8 * 8 * 2);
            float[] z = gaussian(50 + l, 8 * 8 * 2);
            List<float[]> out = evalAll(tf -> {
                Operand<TFloat32> xl = nhwc(tf, x, 1, 4, 4, 2);
                Operand<TFloat32> fl = nhwc(tf, f, 1, 8, 8, 2);
                Operand<TFloat32> d = tf.math.sub(
                        PosteriorOps.posteriorSample(tf, schedule, PosteriorMode.EXACT, level, xl, fl,
                                nhwc(tf, z, 1, 8, 8, 2)),
                        PosteriorOps.posteriorMean(tf, schedule, PosteriorMode.EXACT, level, xl, fl));
                return List.of(d, DegradationOps.applyProjection(tf, d));
            });
            double a = Math.pow(schedule.alpha(l) / schedule.sigma(l), 2);
            double b = 1 / schedule.sigmaBarSq(l - 1);
            float[] d = out.get(0);
            float[] qd = out.get(1);
            for (int i = 0; i < d.length; i++) {
                double sd = qd[i] / Math.sqrt(a + b) + (d[i] - qd[i]) / Math.sqrt(b);
                double qsd = qd[i] / Math.sqrt(a + b);
                assertEquals(z[i], a * qsd + b * sd, 2e-4 * Math.max(1, Math.abs(z[i])), "level " + l + " element " + i);
            }
        }
    }

    @Test
    void levelOneReturnsFWithoutNoise() {
        float[] f = gaussian(60, 16);
        float[] x0 = eval(tf -> PosteriorOps.posteriorSample(tf, schedule, PosteriorMode.EXACT, 1,
                nhwc(tf, gaussian(61, 4), 1, 2, 2, 1), nhwc(tf, f, 1, 4, 4, 1), nhwc(tf, gaussian(62, 16), 1, 4, 4, 1)));
        assertArrayEquals(f, x0, 0f);
    }

    private static float[] scaled(float[] values, double factor) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) (values[i] * factor);
        }
        return out;
    }
}
