package dev.udpm.core.math;

import static dev.udpm.core.math.DegradationOperator.applyH;
import static dev.udpm.core.math.DegradationOperator.applyHPower;
import static dev.udpm.core.math.DegradationOperator.applyHTranspose;
import static dev.udpm.core.math.DegradationOperator.applyHTransposePower;
import static dev.udpm.core.math.DegradationOperator.project;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class DegradationOperatorTest {

    private static final double TOL = 1e-12;
    private final Random rng = new Random(20240501L);

    /** x = 1..16 on a 4x4 grid, one channel. */
    private final Hwc x4 = TestMaps.counting(4, 4, 1);

    @Test
    void hSumsEachTwoByTwoBlockTimesOneHalfByHand() {
        // blocks {1,2,5,6} {3,4,7,8} {9,10,13,14} {11,12,15,16}
        assertEquals(Hwc.of(2, 2, 1, 7, 11, 23, 27), applyH(x4));
    }

    @Test
    void hTransposeCopiesEachPixelIntoItsBlockTimesOneHalfByHand() {
        Hwc y = Hwc.of(2, 2, 1, 1, 2, 3, 4);
        assertEquals(Hwc.of(4, 4, 1,
                0.5, 0.5, 1.0, 1.0,
                0.5, 0.5, 1.0, 1.0,
                1.5, 1.5, 2.0, 2.0,
                1.5, 1.5, 2.0, 2.0), applyHTranspose(y));
    }

    @Test
    void projectionReplacesEachPixelByItsBlockMeanByHand() {
        assertEquals(Hwc.of(4, 4, 1,
                3.5, 3.5, 5.5, 5.5,
                3.5, 3.5, 5.5, 5.5,
                11.5, 11.5, 13.5, 13.5,
                11.5, 11.5, 13.5, 13.5), project(x4));
    }

    @Test
    void hSquaredIsTheWholeSumTimesOneQuarterByHand() {
        assertEquals(Hwc.of(1, 1, 1, 34), applyHPower(x4, 2)); // 136 / 4
        assertSame(x4, applyHPower(x4, 0));
    }

    @Test
    void channelsAreDegradedIndependently() {
        Hwc twoChannels = Hwc.of(2, 2, 2, 1, 10, 2, 20, 3, 30, 4, 40);
        assertEquals(Hwc.of(1, 1, 2, 5, 50), applyH(twoChannels));
        assertEquals(Hwc.of(2, 2, 2, 2.5, 25, 2.5, 25, 2.5, 25, 2.5, 25), project(twoChannels));
    }

    @Test
    void hTimesHTransposeIsTheIdentity() {
        Hwc y = TestMaps.gaussian(rng, 5, 3, 3);
        assertTrue(applyH(applyHTranspose(y)).maxAbsDifference(y) < TOL);
    }

    @Test
    void qIsASymmetricIdempotentProjection() {
        Hwc x = TestMaps.gaussian(rng, 8, 6, 3);
        Hwc v = TestMaps.gaussian(rng, 8, 6, 3);
        assertTrue(project(project(x)).maxAbsDifference(project(x)) < TOL, "Q Q = Q");
        assertEquals(project(x).dot(v), x.dot(project(v)), TOL, "<Qx, v> = <x, Qv>");
        // Q x and (I - Q) x are orthogonal
        assertEquals(0.0, project(x).dot(DegradationOperator.projectComplement(x)), TOL);
    }

    @Test
    void hTransposeIsTheAdjointOfH() {
        for (int trial = 0; trial < 5; trial++) {
            Hwc x = TestMaps.gaussian(rng, 8, 4, 3);
            Hwc y = TestMaps.gaussian(rng, 4, 2, 3);
            assertEquals(applyH(x).dot(y), x.dot(applyHTranspose(y)), TOL, "<Hx, y> = <x, H^T y>");
        }
    }

    @Test
    void powersEqualRepeatedApplication() {
        Hwc x = TestMaps.gaussian(rng, 16, 16, 3);
        Hwc y = TestMaps.gaussian(rng, 2, 2, 3);
        Hwc repeated = x;
        Hwc repeatedT = y;
        for (int l = 1; l <= 3; l++) {
            repeated = applyH(repeated);
            repeatedT = applyHTranspose(repeatedT);
            assertTrue(applyHPower(x, l).maxAbsDifference(repeated) < TOL, "H^" + l);
            assertTrue(applyHTransposePower(y, l).maxAbsDifference(repeatedT) < TOL, "(H^T)^" + l);
        }
    }

    @Test
    void hPowerIsTwoToTheLTimesAveragePooling() {
        Hwc x = TestMaps.uniform(rng, 8, 8, 1);
        double mean = 0;
        for (double v : x.values()) {
            mean += v / 64.0;
        }
        assertEquals(8.0 * mean, applyHPower(x, 3).get(0, 0, 0), TOL);
    }

    @Test
    void hPowerHasOrthonormalRows() {
        Hwc y = TestMaps.gaussian(rng, 2, 3, 2);
        assertTrue(applyHPower(applyHTransposePower(y, 3), 3).maxAbsDifference(y) < TOL, "H^3 (H^3)^T = I");
    }

    @Test
    void sizesThatCannotBeHalvedAreRejectedWithTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> applyH(Hwc.zeros(3, 4, 1)));
        assertTrue(e.getMessage().contains("(3, 4, 1)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> applyHPower(Hwc.zeros(4, 4, 1), 3));
        assertThrows(IllegalArgumentException.class, () -> applyHPower(Hwc.zeros(4, 4, 1), -1));
    }
}
