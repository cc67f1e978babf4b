package dev.udpm.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    private final Schedule schedule = Schedule.paperDefault();

    @Test
    void paperDefaultMarginalsMatchTheHandComputedValues() {
        assertEquals(3, schedule.levels());
        assertEquals(1.0, schedule.alphaBar(0), 0.0);
        assertEquals(0.5, schedule.alphaBar(1), 1e-15);
        assertEquals(0.1, schedule.alphaBar(2), 1e-15);
        assertEquals(1e-4, schedule.alphaBar(3), 1e-18);
        assertEquals(0.0, schedule.sigmaBarSq(0), 0.0);
        assertEquals(0.01, schedule.sigmaBarSq(1), 1e-15);
        assertEquals(0.0404, schedule.sigmaBarSq(2), 1e-15);      // 0.2^2 * 0.01 + 0.2^2
        assertEquals(0.0900000404, schedule.sigmaBarSq(3), 1e-15); // 1e-6 * 0.0404 + 0.3^2
    }

    @Test
    void timeConditionIsTheMidpointOfEachStep() {
        assertEquals(1.0 / 6, schedule.timeCondition(1), 1e-15);
        assertEquals(0.5, schedule.timeCondition(2), 1e-15);
        assertEquals(5.0 / 6, schedule.timeCondition(3), 1e-15);
    }

    @Test
    void sizesHalveAtEveryLevel() {
        assertEquals(32, schedule.sizeAt(0, 32));
        assertEquals(16, schedule.sizeAt(1, 32));
        assertEquals(4, schedule.sizeAt(3, 32));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> schedule.sizeAt(1, 28));
        assertTrue(e.getMessage().contains("28"), e.getMessage());
    }

    @Test
    void anyNumberOfLevelsIsSupported() {
        Schedule two = Schedule.of(new double[] {0.9, 0.5}, new double[] {0.1, 0.2});
        assertEquals(2, two.levels());
        assertEquals(0.45, two.alphaBar(2), 1e-15);
        assertEquals(0.25 * 0.01 + 0.04, two.sigmaBarSq(2), 1e-15);
        assertEquals(0.25, two.timeCondition(1), 1e-15);
    }

    @Test
    void invalidSchedulesAreRejectedWithAReason() {
        assertRejected(new double[] {}, new double[] {}, "at least one level");
        assertRejected(new double[] {0.5}, new double[] {0.1, 0.2}, "must be equal");
        assertRejected(new double[] {0.5, 0.0}, new double[] {0.1, 0.2}, "alpha_2");
        assertRejected(new double[] {0.5, 0.2}, new double[] {-0.1, 0.2}, "sigma_1");
        assertRejected(new double[] {1.5}, new double[] {0.1}, "greater than 1");
        assertRejected(new double[] {Double.NaN}, new double[] {0.1}, "alpha_1");
    }

    @Test
    void levelIndicesOutsideTheScheduleAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> schedule.alpha(0));
        assertThrows(IllegalArgumentException.class, () -> schedule.alpha(4));
        assertThrows(IllegalArgumentException.class, () -> schedule.alphaBar(-1));
    }

    private static void assertRejected(double[] alpha, double[] sigma, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.of(alpha, sigma));
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should mention " + expected);
    }
}
