package dev.udpm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundsTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3, Rounds.median(new double[] {5, 1, 3}));
        assertEquals(2.5, Rounds.median(new double[] {4, 1, 2, 3}));
    }

    @Test
    void warmsUpThenRotatesTheOrderOfEveryRound() {
        List<String> calls = new ArrayList<>();
        Map<String, Rounds.Task> tasks = new LinkedHashMap<>();
        tasks.put("a", () -> calls.add("a"));
        tasks.put("b", () -> calls.add("b"));
        Rounds r = Rounds.run(tasks, 1, 2);
        assertEquals(List.of("a", "b", "a", "b", "b", "a"), calls);
        assertEquals(2, r.rounds());
        assertThrows(IllegalArgumentException.class, () -> r.medianMs("c"));
    }

    @Test
    void ratioIsTheMedianOfPerRoundRatios() throws Exception {
        Map<String, Rounds.Task> tasks = new LinkedHashMap<>();
        tasks.put("slow", () -> sleep(20));
        tasks.put("fast", () -> sleep(5));
        double ratio = Rounds.run(tasks, 0, 3).ratio("slow", "fast");
        // sleeps overshoot a little; 20/5 = 4 within scheduler noise
        assertEquals(4, ratio, 1.5);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
