package dev.udpm.core.tf;

import static dev.udpm.core.tf.TfEval.eval;
import static dev.udpm.core.tf.TfEval.gaussian;
import static dev.udpm.core.tf.TfEval.maxAbsDiff;
import static dev.udpm.core.tf.TfEval.nhwc;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udpm.core.math.DegradationOperator;
import dev.udpm.core.math.ForwardProcess;
import dev.udpm.core.math.Hwc;
import dev.udpm.core.math.Posterior;
import dev.udpm.core.math.PosteriorMode;
import dev.udpm.core.math.Schedule;
import org.junit.jupiter.api.Test;

/**
 * The TensorFlow ops agree with the pure-Java double-precision reference ({@code dev.udpm.core.math}) on random
 * inputs, to {@code 1e-5}, at every level of the paper's schedule. Both sides are written independently from
 * docs/method.md, so agreement checks both.
 */
class ReferenceAgreementTest {

    private static final double TOLERANCE = 1e-5;
    private static final int SIDE = 16;
    private static final int CHANNELS = 3;
    private final Schedule schedule = Schedule.paperDefault();

    @Test
    void hAndItsTransposeAgree() {
        float[] x = gaussian(1, SIDE * SIDE * CHANNELS);
        Hwc ref = DegradationOperator.applyH(Hwc.fromFloats(SIDE, SIDE, CHANNELS, x));
        assertAgree("H", ref, eval(tf -> DegradationOps.applyH(tf, nhwc(tf, x, 1, SIDE, SIDE, CHANNELS))));
        Hwc refT = DegradationOperator.applyHTranspose(Hwc.fromFloats(SIDE, SIDE, CHANNELS, x));
        assertAgree("H^T", refT, eval(tf -> DegradationOps.applyHTranspose(tf, nhwc(tf, x, 1, SIDE, SIDE, CHANNELS))));
        Hwc refQ = DegradationOperator.project(Hwc.fromFloats(SIDE, SIDE, CHANNELS, x));
        assertAgree("Q", refQ, eval(tf -> DegradationOps.applyProjection(tf, nhwc(tf, x, 1, SIDE, SIDE, CHANNELS))));
    }

    @Test
    void powersOfHAgreeAtEveryLevel() {
        float[] x = gaussian(2, SIDE * SIDE * CHANNELS);
        for (int l = 1; l <= 3; l++) {
            int level = l;
            Hwc ref = DegradationOperator.applyHPower(Hwc.fromFloats(SIDE, SIDE, CHANNELS, x), l);
            assertAgree("H^" + l, ref,
                    eval(tf -> DegradationOps.applyHPower(tf, nhwc(tf, x, 1, SIDE, SIDE, CHANNELS), level)));
        }
    }

    @Test
    void marginalSamplesAgreeAtEveryLevel() {
        float[] x0 = gaussian(3, SIDE * SIDE * CHANNELS);
        ForwardProcess forward = new ForwardProcess(schedule);
        for (int l = 1; l <= 3; l++) {
            int level = l;
            int side = SIDE >> l;
            float[] eps = gaussian(10 + l, side * side * CHANNELS);
            Hwc ref = forward.marginalSample(Hwc.fromFloats(SIDE, SIDE, CHANNELS, x0), l,
                    Hwc.fromFloats(side, side, CHANNELS, eps));
            assertAgree("marginal l=" + l, ref, eval(tf -> ForwardProcessOps.marginalSample(tf, schedule,
                    nhwc(tf, x0, 1, SIDE, SIDE, CHANNELS), level, nhwc(tf, eps, 1, side, side, CHANNELS))));
        }
    }

    @Test
    void posteriorSamplesAndMeansAgreeInBothModesAtEveryLevel() {
        for (PosteriorMode mode : PosteriorMode.values()) {
            Posterior posterior = new Posterior(schedule, mode);
            for (int l = 1; l <= 3; l++) {
                int level = l;
                int small = SIDE >> l;
                int big = 2 * small;
                float[] xl = gaussian(20 + l, small * small * CHANNELS);
                float[] f = gaussian(30 + l, big * big * CHANNELS);
                float[] z = gaussian(40 + l, big * big * CHANNELS);
                Hwc refSample = posterior.sample(l, Hwc.fromFloats(small, small, CHANNELS, xl),
                        Hwc.fromFloats(big, big, CHANNELS, f), Hwc.fromFloats(big, big, CHANNELS, z));
                assertAgree(mode + " sample l=" + l, refSample, eval(tf -> PosteriorOps.posteriorSample(tf, schedule,
                        mode, level, nhwc(tf, xl, 1, small, small, CHANNELS), nhwc(tf, f, 1, big, big, CHANNELS),
                        nhwc(tf, z, 1, big, big, CHANNELS))));
                Hwc refMean = posterior.mean(l, Hwc.fromFloats(small, small, CHANNELS, xl),
                        Hwc.fromFloats(big, big, CHANNELS, f));
                assertAgree(mode + " mean l=" + l, refMean, eval(tf -> PosteriorOps.posteriorMean(tf, schedule,
                        mode, level, nhwc(tf, xl, 1, small, small, CHANNELS), nhwc(tf, f, 1, big, big, CHANNELS))));
            }
        }
    }

    @Test
    void priorScaleAgreesWithTheReferencePrior() {
        float[] e3 = gaussian(50, 2 * 2 * CHANNELS);
        Hwc ref = dev.udpm.core.latent.LatentPrior.initialState(schedule, Hwc.fromFloats(2, 2, CHANNELS, e3));
        assertAgree("prior", ref, eval(tf -> ForwardProcessOps.priorSample(tf, schedule, nhwc(tf, e3, 1, 2, 2, CHANNELS))));
    }

    private static void assertAgree(String what, Hwc reference, float[] actual) {
        double diff = maxAbsDiff(reference.toFloats(), actual);
        assertTrue(diff < TOLERANCE, what + ": TensorFlow and the Java reference differ by " + diff);
    }
}
