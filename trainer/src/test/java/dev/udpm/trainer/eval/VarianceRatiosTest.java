package dev.udpm.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import dev.udpm.trainer.data.FashionMnist;
import dev.udpm.trainer.data.ImageDataset;
import org.junit.jupiter.api.Test;

class VarianceRatiosTest {

    @Test
    void poolsThenTakesTheUnbiasedVariancePerClass() {
        // class 0: two 2x2 images, pooled to 1x1: means 1 and 3 -> variance ((1-2)^2 + (3-2)^2) / 1 = 2
        //          at full scale per-pixel variances 4.5, 0.5, 4.5, 0.5 -> mean 2.5
        // class 1: images (0,0,0,4) and (0,0,0,0): pooled means 1 and 0 -> 0.5; per pixel 0,0,0,8 -> mean 2
        float[] images = {0, 2, 0, 2, 3, 3, 3, 3, 0, 0, 0, 4, 0, 0, 0, 0};
        int[] labels = {0, 0, 1, 1};
        assertArrayEquals(new double[] {2, 0.5}, VarianceRatios.withinClass(images, labels, 4, 2, 1, 2, 1), 1e-9);
        assertArrayEquals(new double[] {2.5, 2}, VarianceRatios.withinClass(images, labels, 4, 2, 1, 2, 2), 1e-9);
    }

    @Test
    void realAgainstRealIsAboutOneAtEveryScale() {
        ImageDataset train = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIRECTORY), FashionMnist.Split.TRAIN);
        int n = 3000;
        float[] first = new float[n * train.valuesPerImage()];
        float[] second = new float[n * train.valuesPerImage()];
        int[] firstLabels = new int[n];
        int[] secondLabels = new int[n];
        train.copyBatch(java.util.stream.IntStream.range(0, n).toArray(), first, firstLabels);
        train.copyBatch(java.util.stream.IntStream.range(n, 2 * n).toArray(), second, secondLabels);
        for (int scale : VarianceRatios.SCALES) {
            double[] ratios = VarianceRatios.ratios(
                    VarianceRatios.withinClass(first, firstLabels, n, 32, 1, 10, scale),
                    VarianceRatios.withinClass(second, secondLabels, n, 32, 1, 10, scale));
            assertEquals(1.0, VarianceRatios.mean(ratios), 0.1, "scale " + scale);
            assertTrue(VarianceRatios.min(ratios) > 0.75, "scale " + scale + ": " + java.util.Arrays.toString(ratios));
        }
    }

    @Test
    void oneImageRepeatedHasNoVariance() {
        ImageDataset train = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIRECTORY), FashionMnist.Split.TRAIN);
        int n = 50;
        float[] images = new float[n * train.valuesPerImage()];
        int[] labels = new int[n];
        train.copyBatch(new int[n], images, labels); // image 0, n times
        for (int scale : VarianceRatios.SCALES) {
            assertEquals(0.0, VarianceRatios.withinClass(images, labels, n, 32, 1, 10, scale)[labels[0]], 1e-9);
        }
    }

    @Test
    void rejectsAScaleThatDoesNotDivideTheSide() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VarianceRatios.withinClass(new float[9], new int[1], 1, 3, 1, 1, 2));
        assertTrue(e.getMessage().contains("scale 2"), e.getMessage());
    }
}
