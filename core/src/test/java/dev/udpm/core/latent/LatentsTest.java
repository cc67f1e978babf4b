package dev.udpm.core.latent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import dev.udpm.core.math.DegradationOperator;
import dev.udpm.core.math.Hwc;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.math.TestMaps;
import org.junit.jupiter.api.Test;

class LatentsTest {

    private final Schedule schedule = Schedule.paperDefault();
    private final LatentShapes shapes = LatentShapes.of(schedule, 32, 3);

    @Test
    void shapesHalveAtEveryLevelAndCountTheSectionFiveTotal() {
        assertEquals(16, shapes.side(1));
        assertEquals(4, shapes.side(3));
        assertEquals(4 * 4 * 3, shapes.elementCount(3));
        assertEquals(1008, shapes.totalElements());
        assertThrows(IllegalArgumentException.class, () -> shapes.side(0));
        assertThrows(IllegalArgumentException.class, () -> shapes.side(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LatentShapes.of(schedule, 20, 3));
        assertTrue(e.getMessage().contains("20"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LatentShapes(3, 32, 0));
    }

    @Test
    void latentsValidateCountAndShapesAndAreImmutable() {
        List<Hwc> maps = List.of(shapes.zeros(1), shapes.zeros(2), shapes.zeros(3));
        Latents latents = Latents.of(shapes, maps);
        assertSame(maps.get(1), latents.level(2));
        assertThrows(UnsupportedOperationException.class, () -> latents.asList().set(0, shapes.zeros(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Latents.of(shapes, List.of(shapes.zeros(1), shapes.zeros(2))));
        assertTrue(e.getMessage().contains("expected 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Latents.of(shapes, List.of(shapes.zeros(1), shapes.zeros(3), shapes.zeros(3))));
        assertTrue(e.getMessage().contains("e_2") && e.getMessage().contains("(8, 8, 3)"), e.getMessage());

        Hwc ones = new Hwc(4, 4, 3, filled(48, 1.0));
        Latents changed = latents.withLevel(3, ones);
        assertEquals(ones, changed.level(3));
        assertEquals(shapes.zeros(3), latents.level(3), "the original is unchanged");
        assertThrows(IllegalArgumentException.class, () -> latents.withLevel(3, shapes.zeros(2)));
    }

    @Test
    void priorScaleIsTheMarginalStandardDeviationOfXL() {
        assertEquals(Math.sqrt(1e-8 + 0.0900000404), LatentPrior.scale(schedule), 1e-15);
        Hwc eL = new Hwc(4, 4, 3, filled(48, 2.0));
        assertEquals(2.0 * LatentPrior.scale(schedule), LatentPrior.initialState(schedule, eL).get(3, 3, 2), 1e-15);
        Latents latents = new LatentGenerator(shapes).generate(1L, 2L);
        assertEquals(latents.level(3).scale(LatentPrior.scale(schedule)), LatentPrior.initialState(schedule, latents));
    }

    /**
     * The documented equivalence: alphaBar_L H^L x~ + sigmaBar_L e has per-value variance
     * alphaBar_L^2 + sigmaBarSq_L because H^L has orthonormal rows. Checked on a schedule whose alphaBar_L is
     * large (0.72), so a wrong H^L normalisation would show.
     */
    @Test
    void theTwoNoiseFormOfThePriorHasTheOneNoiseVariance() {
        Schedule s = Schedule.of(new double[] {0.9, 0.8}, new double[] {0.1, 0.3});
        Random rng = new Random(3L);
        int n = 4000;
        double sumSq = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            Hwc xTilde = TestMaps.gaussian(rng, 8, 8, 1);
            Hwc eps = TestMaps.gaussian(rng, 2, 2, 1);
            Hwc xL = DegradationOperator.applyHPower(xTilde, 2).scale(s.alphaBar(2)).plusScaled(s.sigmaBar(2), eps);
            sumSq += xL.squaredNorm();
            count += xL.size();
        }
        double expected = LatentPrior.scale(s) * LatentPrior.scale(s);
        assertEquals(expected, sumSq / count, 5 * expected * Math.sqrt(2.0 / count));
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
