package dev.udpm.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ForwardProcessTest {

    private final Schedule schedule = Schedule.paperDefault();
    private final ForwardProcess forward = new ForwardProcess(schedule);
    private final Random rng = new Random(7L);

    @Test
    void marginalIsAlphaBarTimesHPowerPlusSigmaBarTimesNoiseByHand() {
        Hwc x0 = TestMaps.counting(4, 4, 1);          // H x0 = (7, 11, 23, 27)
        Hwc eps = Hwc.of(2, 2, 1, 1, -1, 0, 2);
        // alphaBar_1 = 0.5, sigmaBar_1 = 0.1
        Hwc expected = Hwc.of(2, 2, 1, 3.5 + 0.1, 5.5 - 0.1, 11.5, 13.5 + 0.2);
        assertTrue(forward.marginalSample(x0, 1, eps).maxAbsDifference(expected) < 1e-12);
        // l = 2: alphaBar_2 H^2 x0 = 0.1 * 34, sigmaBar_2 = sqrt(0.0404)
        Hwc x2 = forward.marginalSample(x0, 2, Hwc.of(1, 1, 1, 1.0));
        assertEquals(3.4 + Math.sqrt(0.0404), x2.get(0, 0, 0), 1e-12);
        assertEquals(x0, forward.marginalSample(x0, 0, Hwc.zeros(4, 4, 1)));
    }

    @Test
    void oneStepIsAlphaTimesHPlusSigmaTimesNoiseByHand() {
        Hwc x0 = TestMaps.counting(4, 4, 1);
        Hwc eps = Hwc.of(2, 2, 1, 1, 1, 1, 1);
        // alpha_2 = 0.2, sigma_2 = 0.2
        assertTrue(forward.stepSample(x0, 2, eps).maxAbsDifference(Hwc.of(2, 2, 1, 1.6, 2.4, 4.8, 5.6)) < 1e-12);
    }

    /**
     * Two steps compose into the marginal: x_2 = alpha_2 H (alpha_1 H x_0 + sigma_1 e_1) + sigma_2 e_2
     * = alphaBar_2 H^2 x_0 + sigmaBar_2 eps with eps = (alpha_2 sigma_1 H e_1 + sigma_2 e_2) / sigmaBar_2, which
     * is standard normal because H has orthonormal rows.
     */
    @Test
    void chainedStepsEqualTheMarginalWithTheCombinedNoise() {
        Hwc x0 = TestMaps.uniform(rng, 8, 8, 3);
        Hwc e1 = TestMaps.gaussian(rng, 4, 4, 3);
        Hwc e2 = TestMaps.gaussian(rng, 2, 2, 3);
        Hwc chained = forward.stepSample(forward.stepSample(x0, 1, e1), 2, e2);
        Hwc eps = DegradationOperator.applyH(e1).scale(schedule.alpha(2) * schedule.sigma(1))
                .plusScaled(schedule.sigma(2), e2).scale(1.0 / schedule.sigmaBar(2));
        assertTrue(chained.maxAbsDifference(forward.marginalSample(x0, 2, eps)) < 1e-12);
    }

    @Test
    void noiseOfTheWrongSizeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> forward.marginalSample(Hwc.zeros(8, 8, 1), 2, Hwc.zeros(4, 4, 1)));
        assertTrue(e.getMessage().contains("eps") && e.getMessage().contains("(2, 2, 1)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> forward.stepSample(Hwc.zeros(8, 8, 1), 4,
                Hwc.zeros(4, 4, 1)));
    }
}
