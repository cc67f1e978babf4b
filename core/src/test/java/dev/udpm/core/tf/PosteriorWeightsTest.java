package dev.udpm.core.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udpm.core.math.PosteriorMode;
import dev.udpm.core.math.Schedule;
import org.junit.jupiter.api.Test;

class PosteriorWeightsTest {

    private final Schedule schedule = Schedule.paperDefault();

    @Test
    void paperCodeWeightsMatchTheReferenceNumbers() {
        // docs/method.md#7-reference-values
        PosteriorWeights l3 = PosteriorWeights.of(schedule, PosteriorMode.PAPER_CODE, 3);
        assertEquals(4.4888869e-4, l3.hTransposeX(), 1e-11);
        assertEquals(0.09999995511, l3.f(), 1e-11);
        assertEquals(0.2009974673, l3.z(), 1e-10);
        assertFalse(l3.usesProjection());
        PosteriorWeights l2 = PosteriorWeights.of(schedule, PosteriorMode.PAPER_CODE, 2);
        assertEquals(0.0495049505, l2.hTransposeX(), 1e-10);
        assertEquals(0.495049505, l2.f(), 1e-9);
        assertEquals(0.0995037190, l2.z(), 1e-10);
    }

    @Test
    void exactWeightsAtLevelTwo() {
        // a = 0.2^2/0.2^2 = 1, b = 1/0.01 = 100
        PosteriorWeights w = PosteriorWeights.of(schedule, PosteriorMode.EXACT, 2);
        assertEquals(5.0 / 101, w.hTransposeX(), 1e-15);
        assertEquals(0.5, w.f(), 1e-15);
        assertEquals(-0.5 / 101, w.qf(), 1e-15);
        assertEquals(0.1, w.z(), 1e-15);
        assertEquals(1 / Math.sqrt(101) - 0.1, w.qz(), 1e-15);
        assertTrue(w.usesProjection());
    }

    @Test
    void bothModesAgreeOnBlockConstantImages() {
        // On block-constant images Q = I, so f + qf and z + qz must equal the paper-code weights.
        for (int l = 2; l <= 3; l++) {
            PosteriorWeights exact = PosteriorWeights.of(schedule, PosteriorMode.EXACT, l);
            PosteriorWeights paper = PosteriorWeights.of(schedule, PosteriorMode.PAPER_CODE, l);
            assertEquals(paper.hTransposeX(), exact.hTransposeX(), 1e-15);
            assertEquals(paper.f(), exact.f() + exact.qf(), 1e-12);
            assertEquals(paper.z(), exact.z() + exact.qz(), 1e-12);
        }
    }

    @Test
    void levelOneIsTheNoiselessLimitXZeroEqualsF() {
        for (PosteriorMode mode : PosteriorMode.values()) {
            assertEquals(new PosteriorWeights(0, 1, 0, 0, 0), PosteriorWeights.of(schedule, mode, 1));
        }
    }

    @Test
    void levelsOutsideTheScheduleAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PosteriorWeights.of(schedule, PosteriorMode.EXACT, 4));
        assertTrue(e.getMessage().contains("l = 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PosteriorWeights.of(schedule, PosteriorMode.EXACT, 0));
    }
}
