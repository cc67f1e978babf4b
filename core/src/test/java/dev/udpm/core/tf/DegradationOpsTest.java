package dev.udpm.core.tf;

import static dev.udpm.core.tf.TfEval.eval;
import static dev.udpm.core.tf.TfEval.gaussian;
import static dev.udpm.core.tf.TfEval.maxAbsDiff;
import static dev.udpm.core.tf.TfEval.nhwc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DegradationOpsTest {

    /** 4x4 single channel image holding 0..15 row by row. */
    private static final float[] RAMP = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    @Test
    void hSumsEachTwoByTwoBlockAndHalvesIt() {
        float[] y = eval(tf -> DegradationOps.applyH(tf, nhwc(tf, RAMP, 1, 4, 4, 1)));
        // blocks (0+1+4+5)/2, (2+3+6+7)/2, (8+9+12+13)/2, (10+11+14+15)/2
        assertArrayEquals(new float[] {5, 9, 21, 25}, y, 1e-6f);
    }

    @Test
    void hActsOnEveryChannelSeparately() {
        // 2x2x2, channel 0 = 1,2,3,4 and channel 1 = 10,20,30,40 (interleaved HWC)
        float[] x = {1, 10, 2, 20, 3, 30, 4, 40};
        assertArrayEquals(new float[] {5, 50}, eval(tf -> DegradationOps.applyH(tf, nhwc(tf, x, 1, 2, 2, 2))), 1e-6f);
    }

    @Test
    void hTransposeCopiesEachPixelIntoItsBlockAndHalvesIt() {
        float[] y = eval(tf -> DegradationOps.applyHTranspose(tf, nhwc(tf, new float[] {1, 2, 3, 4}, 1, 2, 2, 1)));
        assertArrayEquals(new float[] {
            0.5f, 0.5f, 1, 1,
            0.5f, 0.5f, 1, 1,
            1.5f, 1.5f, 2, 2,
            1.5f, 1.5f, 2, 2}, y, 1e-6f);
    }

    @Test
    void hPowerTwoIsTwiceH() {
        // H^2 of the ramp = sum of all 16 values / 4 = 30 = H(H(x)) = (5+9+21+25)/2
        assertArrayEquals(new float[] {30}, eval(tf -> DegradationOps.applyHPower(tf, nhwc(tf, RAMP, 1, 4, 4, 1), 2)),
                1e-5f);
        float[] x = gaussian(11, 2 * 8 * 8 * 3);
        float[] once = eval(tf -> DegradationOps.applyHPower(tf, nhwc(tf, x, 2, 8, 8, 3), 3));
        float[] thrice = eval(tf -> DegradationOps.applyH(tf, DegradationOps.applyH(tf,
                DegradationOps.applyH(tf, nhwc(tf, x, 2, 8, 8, 3)))));
        assertEquals(2 * 3, once.length);
        assertTrue(maxAbsDiff(once, thrice) < 1e-5, "H^3 as one op differs from H(H(H x))");
    }

    @Test
    void hPowerZeroIsTheIdentityAndNegativePowersAreRejected() {
        assertArrayEquals(RAMP, eval(tf -> DegradationOps.applyHPower(tf, nhwc(tf, RAMP, 1, 4, 4, 1), 0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> eval(tf -> DegradationOps.applyHPower(tf, nhwc(tf, RAMP, 1, 4, 4, 1), -1)));
        assertTrue(e.getMessage().contains("l = -1"), e.getMessage());
    }

    @Test
    void hOfHTransposeIsTheIdentity() {
        float[] y = gaussian(1, 3 * 4 * 4 * 2);
        float[] back = eval(tf -> DegradationOps.applyH(tf, DegradationOps.applyHTranspose(tf, nhwc(tf, y, 3, 4, 4, 2))));
        assertTrue(maxAbsDiff(y, back) < 1e-6, "H H^T y != y");
    }

    @Test
    void projectionIsIdempotentAndReplacesBlocksByTheirMean() {
        float[] x = gaussian(2, 2 * 8 * 8 * 1);
        float[] q = eval(tf -> DegradationOps.applyProjection(tf, nhwc(tf, x, 2, 8, 8, 1)));
        float[] qq = eval(tf -> DegradationOps.applyProjection(tf,
                DegradationOps.applyProjection(tf, nhwc(tf, x, 2, 8, 8, 1))));
        assertTrue(maxAbsDiff(q, qq) < 1e-6, "Q Q != Q");
        float blockMean = (x[0] + x[1] + x[8] + x[9]) / 4;
        assertEquals(blockMean, q[0], 1e-6);
        assertEquals(blockMean, q[9], 1e-6);
    }

    @Test
    void hTransposeIsTheAdjointOfH() {
        float[] x = gaussian(3, 2 * 8 * 8 * 3);
        float[] y = gaussian(4, 2 * 4 * 4 * 3);
        float[] hx = eval(tf -> DegradationOps.applyH(tf, nhwc(tf, x, 2, 8, 8, 3)));
        float[] hty = eval(tf -> DegradationOps.applyHTranspose(tf, nhwc(tf, y, 2, 4, 4, 3)));
        assertEquals(dot(hx, y), dot(x, hty), 1e-4);
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
