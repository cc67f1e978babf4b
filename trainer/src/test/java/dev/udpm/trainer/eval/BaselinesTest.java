package dev.udpm.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.udpm.trainer.data.InMemoryDataset;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    @Test
    void blockBlurReplacesEachPatchByItsMeanPerChannel() {
        // one 4x4 image with 2 channels; channel 0 = row*4+col, channel 1 = 1 everywhere; block 2
        float[] image = new float[4 * 4 * 2];
        for (int p = 0; p < 16; p++) {
            image[2 * p] = p;
            image[2 * p + 1] = 1;
        }
        float[] out = Baselines.blockBlur(image, 1, 4, 2, 2);
        // top-left block {0,1,4,5} -> 2.5, top-right {2,3,6,7} -> 4.5, bottom-left {8,9,12,13} -> 10.5, {10,11,14,15} -> 12.5
        float[] channel0 = new float[16];
        for (int p = 0; p < 16; p++) {
            channel0[p] = out[2 * p];
            assertEquals(1f, out[2 * p + 1], 0f, "constant channel changed at pixel " + p);
        }
        assertArrayEquals(new float[] {2.5f, 2.5f, 4.5f, 4.5f, 2.5f, 2.5f, 4.5f, 4.5f,
                10.5f, 10.5f, 12.5f, 12.5f, 10.5f, 10.5f, 12.5f, 12.5f}, channel0, 0f);
        var e = assertThrows(IllegalArgumentException.class, () -> Baselines.blockBlur(image, 1, 4, 2, 3));
        assertTrue(e.getMessage().contains("block = 3"), e.getMessage());
    }

    @Test
    void classMeansAverageThePixelsOfEachClass() {
        // 2x2 gray images; pixel bytes 0 -> -1, 255 -> 1, 127.5 would be 0
        byte[] pixels = {0, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 255, 0, (byte) 255, 0, (byte) 255};
        InMemoryDataset set = new InMemoryDataset(pixels, new int[] {0, 0, 1}, 2, 1, List.of("a", "b"));
        float[] out = Baselines.classMeans(set, new int[] {1, 0});
        assertArrayEquals(new float[] {-1, 1, -1, 1, 0, 0, 0, 0}, out, 1e-6f);
        var e = assertThrows(IllegalArgumentException.class, () -> Baselines.classMeans(
                new InMemoryDataset(new byte[4], new int[] {0}, 2, 1, List.of("a", "b")), new int[] {1}));
        assertTrue(e.getMessage().contains("class 1"), e.getMessage());
    }

    @Test
    void gaussianNoiseIsSeededClippedAndCentred() {
        float[] a = Baselines.gaussianNoise(10, 100, 3);
        assertArrayEquals(a, Baselines.gaussianNoise(10, 100, 3), 0f);
        double sum = 0;
        int clipped = 0;
        for (float v : a) {
            assertTrue(v >= -1 && v <= 1, "value " + v + " outside [-1, 1]");
            sum += v;
            clipped += Math.abs(v) == 1f ? 1 : 0;
        }
        assertEquals(0, sum / a.length, 0.05, "noise mean");
        // P(|N(0,1)| > 1) = 0.3173: about 317 of 1000 values are clipped
        assertEquals(317, clipped, 60, "clipped values");
    }
}
