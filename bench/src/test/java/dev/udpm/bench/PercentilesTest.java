package dev.udpm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOnHundredSamples() {
        double[] values = IntStream.rangeClosed(1, 100).mapToDouble(i -> 101 - i).toArray(); // 100 .. 1, unsorted
        Percentiles p = Percentiles.of(values);
        assertEquals(100, p.count());
        assertEquals(50, p.p50());
        assertEquals(99, p.p99());
        assertEquals(100, p.max());
        assertEquals(1, p.quantile(0));
        assertEquals(100, values[0], "the input is not sorted in place");
    }

    @Test
    void smallAndEmptySets() {
        assertEquals(7, Percentiles.of(new double[] {7}).p99());
        assertEquals(2, Percentiles.of(new double[] {3, 1, 2}).p50());
        assertTrue(Double.isNaN(Percentiles.of(new double[0]).p99()));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new double[] {1}).quantile(1.5));
    }
}
