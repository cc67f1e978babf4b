package dev.udpm.worker.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class JobObjectsTest {

    @Test
    void indexPrefixesCoverAShardRangeWithAlignedDecimalBlocks() {
        assertEquals(List.of("01"), JobObjects.indexPrefixes(10_000, 20_000));
        assertEquals(List.of("00000"), JobObjects.indexPrefixes(0, 10));
        assertEquals(List.of("000005", "000006", "000007", "000008", "000009", "000010", "000011"),
                JobObjects.indexPrefixes(5, 12));
        assertEquals(List.of("0"), JobObjects.indexPrefixes(0, 100_000));
        assertEquals(List.of(""), JobObjects.indexPrefixes(0, 1_000_000));
    }

    @Test
    void indexPrefixesMatchExactlyTheIndicesOfTheRange() {
        int[][] ranges = {{0, 8}, {8, 16}, {16, 20}, {37, 1234}, {9_990, 20_011}, {123_456, 234_567}};
        for (int[] range : ranges) {
            List<String> prefixes = JobObjects.indexPrefixes(range[0], range[1]);
            List<Integer> matched = new ArrayList<>();
            IntStream.range(Math.max(0, range[0] - 2000), Math.min(999_999, range[1] + 2000)).forEach(i -> {
                String key = String.format("%06d", i);
                if (prefixes.stream().anyMatch(key::startsWith)) {
                    matched.add(i);
                }
            });
            assertEquals(IntStream.range(range[0], range[1]).boxed().toList(), matched,
                    "prefixes " + prefixes + " of [" + range[0] + ", " + range[1] + ")");
        }
    }
}
