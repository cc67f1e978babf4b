package dev.udpm.core.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HwcTest {

    @Test
    void indexIsRowMajorWithChannelFastest() {
        Hwc m = TestMaps.counting(2, 3, 2); // values 1..12
        assertEquals(0, m.index(0, 0, 0));
        assertEquals(1, m.index(0, 0, 1));
        assertEquals(2, m.index(0, 1, 0));
        assertEquals(6, m.index(1, 0, 0));
        assertEquals(11, m.index(1, 2, 1));
        assertEquals(10.0, m.get(1, 1, 1)); // (1*3 + 1)*2 + 1 = 9 -> value 10
        assertThrows(IndexOutOfBoundsException.class, () -> m.index(2, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> m.index(0, 0, 2));
    }

    @Test
    void constructorRejectsAWrongLengthAndNamesTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Hwc(2, 2, 3, new double[11]));
        assertTrue(e.getMessage().contains("11") && e.getMessage().contains("12"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Hwc(0, 2, 3, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new Hwc(2, 2, 1, null));
    }

    @Test
    void floatsRoundTripAndBatchSlicesUseTheGivenOffset() {
        Hwc m = Hwc.of(1, 2, 1, 0.25, -1.5);
        assertArrayEquals(new float[] {0.25f, -1.5f}, m.toFloats());
        assertEquals(m, Hwc.fromFloats(1, 2, 1, m.toFloats()));

        float[] batch = new float[6];
        m.writeFloats(batch, 2);
        assertArrayEquals(new float[] {0f, 0f, 0.25f, -1.5f, 0f, 0f}, batch);
        assertEquals(m, Hwc.fromFloats(1, 2, 1, batch, 2));
        assertThrows(IllegalArgumentException.class, () -> m.writeFloats(batch, 5));
        assertThrows(IllegalArgumentException.class, () -> Hwc.fromFloats(1, 2, 1, new float[3]));
    }

    @Test
    void equalityComparesShapeAndValues() {
        assertEquals(Hwc.of(1, 2, 1, 1, 2), Hwc.of(1, 2, 1, 1, 2));
        assertEquals(Hwc.of(1, 2, 1, 1, 2).hashCode(), Hwc.of(1, 2, 1, 1, 2).hashCode());
        assertNotEquals(Hwc.of(1, 2, 1, 1, 2), Hwc.of(2, 1, 1, 1, 2));
        assertNotEquals(Hwc.of(1, 2, 1, 1, 2), Hwc.of(1, 2, 1, 1, 3));
    }

    @Test
    void arithmeticIsElementwiseAndChecksShapes() {
        Hwc a = Hwc.of(1, 2, 1, 1, 2);
        Hwc b = Hwc.of(1, 2, 1, 10, 20);
        assertEquals(Hwc.of(1, 2, 1, 11, 22), a.plus(b));
        assertEquals(Hwc.of(1, 2, 1, 9, 18), b.minus(a));
        assertEquals(Hwc.of(1, 2, 1, 3, 6), a.scale(3));
        assertEquals(Hwc.of(1, 2, 1, 21, 42), a.plusScaled(2, b));
        assertEquals(50.0, a.dot(b));
        assertEquals(5.0, a.squaredNorm());
        assertEquals(18.0, a.maxAbsDifference(b));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.plus(Hwc.zeros(2, 1, 1)));
        assertTrue(e.getMessage().contains("(2, 1, 1)") && e.getMessage().contains("(1, 2, 1)"), e.getMessage());
    }
}
