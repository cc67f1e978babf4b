package dev.udpm.core.tf;

import static dev.udpm.core.tf.TfEval.eval;
import static dev.udpm.core.tf.TfEval.nhwc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;

import dev.udpm.core.math.Schedule;
import org.junit.jupiter.api.Test;

class ForwardProcessOpsTest {

    private final Schedule schedule = Schedule.paperDefault();

    @Test
    void marginalAtLevelOneScalesHxByAlphaBarAndAddsSigmaBarNoise() {
        float[] ones = filled(16, 1f);
        float[] eps = {1, -1, 2, 0};
        // H x0 = 2 everywhere; x_1 = 0.5 * 2 + 0.1 * eps
        float[] x1 = eval(tf -> ForwardProcessOps.marginalSample(tf, schedule, nhwc(tf, ones, 1, 4, 4, 1), 1,
                nhwc(tf, eps, 1, 2, 2, 1)));
        assertArrayEquals(new float[] {1.1f, 0.9f, 1.2f, 1.0f}, x1, 1e-6f);
    }

    @Test
    void marginalAtLevelTwoUsesHSquaredAndTheCompoundedNoise() {
        float[] ones = filled(16, 1f);
        // H^2 x0 = 4; x_2 = 0.1 * 4 + sqrt(0.0404) * 1
        float[] x2 = eval(tf -> ForwardProcessOps.marginalSample(tf, schedule, nhwc(tf, ones, 1, 4, 4, 1), 2,
                nhwc(tf, new float[] {1}, 1, 1, 1, 1)));
        assertArrayEquals(new float[] {(float) (0.4 + Math.sqrt(0.0404))}, x2, 1e-6f);
    }

    @Test
    void priorScalesTheCoarsestLatentBySqrtOfAlphaBarSquaredPlusSigmaBarSquared() {
        float[] x3 = eval(tf -> ForwardProcessOps.priorSample(tf, schedule, nhwc(tf, new float[] {1, -2}, 1, 1, 2, 1)));
        double scale = Math.sqrt(1e-8 + 0.0900000404);
        assertArrayEquals(new float[] {(float) scale, (float) (-2 * scale)}, x3, 1e-7f);
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }
}
