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
    void ratioIsTheMedianOfPerRoundRatios() {
        // A clock the tasks advance: "slow" takes 20, 20, 100 ms (one outlier round), "fast" 5 ms every round.
        long[] now = {0};
        int[] slowCalls = {0};
        Map<String, Rounds.Task> tasks = new LinkedHashMap<>();
        tasks.put("slow", () -> now[0] += (++slowCalls[0] == 3 ? 100 : 20) * 1_000_000L);
        tasks.put("fast", () -> now[0] += 5_000_000L);
        Rounds r = Rounds.run(tasks, 0, 3, () -> now[0]);
        assertEquals(4.0, r.ratio("slow", "fast"), 1e-12, "per-round ratios 4, 4, 20: the median, not the mean");
        assertEquals(20.0, r.medianMs("slow"), 1e-12);
    }
}
