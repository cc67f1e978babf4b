package dev.udpm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EdmScheduleTest {

    @Test
    void cifar10ScheduleRunsFrom80To0002ThenZeroWith35Evaluations() {
        EdmSchedule s = EdmSchedule.cifar10();
        assertEquals(80, s.sigma(0), 1e-9);
        assertEquals(0.002, s.sigma(17), 1e-12);
        assertEquals(0, s.sigma(18));
        assertEquals(35, s.networkEvaluations());
        for (int i = 0; i < 18; i++) {
            assertTrue(s.sigma(i + 1) < s.sigma(i), "sigma must decrease at step " + i);
        }
        // rho = 7 midpoint by hand: ((80^(1/7) + 0.002^(1/7)) / 2)^7
        EdmSchedule three = new EdmSchedule(3, 0.002, 80, 7);
        assertEquals(Math.pow((Math.pow(80, 1 / 7.0) + Math.pow(0.002, 1 / 7.0)) / 2, 7), three.sigma(1), 1e-12);
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new EdmSchedule(1, 0.002, 80, 7));
        assertThrows(IllegalArgumentException.class, () -> new EdmSchedule(18, 80, 0.002, 7));
        assertThrows(IllegalArgumentException.class, () -> EdmSchedule.cifar10().sigma(19));
    }
}
