package dev.udpm.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.udpm.trainer.data.InMemoryDataset;
import org.junit.jupiter.api.Test;

class ImageSubsetTest {

    // three 1x1 gray images with pixels 0, 255, 0 -> -1, 1, -1 and labels 0, 1, 2
    private final InMemoryDataset source = new InMemoryDataset(new byte[] {0, (byte) 255, 0}, new int[] {0, 1, 2},
            1, 1, List.of("a", "b", "c"));

    @Test
    void aSubsetMapsPositionsToTheSourceIndices() {
        ImageSubset subset = new ImageSubset(source, new int[] {2, 1});
        assertEquals(2, subset.size());
        assertEquals(2, subset.label(0));
        float[] images = new float[2];
        int[] labels = new int[2];
        subset.copyBatch(new int[] {1, 0}, images, labels);
        assertArrayEquals(new float[] {1, -1}, images, 0f);
        assertArrayEquals(new int[] {1, 2}, labels);
        assertEquals(3, subset.numClasses());
    }

    @Test
    void firstTakesAtMostTheSourceSize() {
        assertEquals(2, ImageSubset.first(source, 2).size());
        assertEquals(3, ImageSubset.first(source, 10).size());
        var e = assertThrows(IllegalArgumentException.class, () -> new ImageSubset(source, new int[] {3}));
        assertTrue(e.getMessage().contains("index 3"), e.getMessage());
    }
}
