package dev.udpm.trainer.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import dev.udpm.trainer.data.ImageDataset;
import org.junit.jupiter.api.Test;

class StepRandomnessTest {

    private static final ImageDataset DATA = TrainingTestData.dataset(30, 1);

    @Test
    void aStepsDrawDependsOnlyOnSeedAndStep() {
        StepRandomness a = new StepRandomness(9, DATA, 4, 3);
        StepRandomness b = new StepRandomness(9, DATA, 4, 3);
        b.draw(17); // another history of calls must not matter
        StepRandomness.Draw x = a.draw(5);
        StepRandomness.Draw y = b.draw(5);
        assertEquals(x.level(), y.level());
        assertArrayEquals(x.discriminator().x0(), y.discriminator().x0());
        assertArrayEquals(x.discriminator().eps(), y.discriminator().eps());
        assertArrayEquals(x.discriminator().realNoise(), y.discriminator().realNoise());
        assertArrayEquals(x.generator().fakeNoise(), y.generator().fakeNoise());
        assertFalse(Arrays.equals(x.discriminator().eps(), x.generator().eps()), "G step draws fresh eps");
        assertArrayEquals(x.discriminator().x0(), x.generator().x0(), "both steps see the same images");
        assertNull(x.generator().realNoise());
        StepRandomness.Draw other = new StepRandomness(10, DATA, 4, 3).draw(5);
        assertFalse(Arrays.equals(x.discriminator().fakeNoise(), other.discriminator().fakeNoise()), "other seed");
    }

    @Test
    void aLevelListIsDrawnUniformlyAndTheFullListMatchesTheDefault() {
        StepRandomness onlyThree = new StepRandomness(3, DATA, 4, new int[] {3});
        StepRandomness weighted = new StepRandomness(3, DATA, 4, new int[] {1, 3, 3});
        StepRandomness listed = new StepRandomness(3, DATA, 4, new int[] {1, 2, 3});
        StepRandomness plain = new StepRandomness(3, DATA, 4, 3);
        int threes = 0;
        for (int s = 1; s <= 1500; s++) {
            assertEquals(3, onlyThree.draw(s).level());
            int l = weighted.draw(s).level();
            assertTrue(l == 1 || l == 3, "level " + l);
            threes += l == 3 ? 1 : 0;
            assertEquals(plain.draw(s).level(), listed.draw(s).level(), "step " + s);
        }
        assertEquals(1000, threes, 60, "level 3 listed twice of three");
    }

    @Test
    void everyEpochVisitsEachImageAtMostOnceAndLevelsAreUniform() {
        StepRandomness r = new StepRandomness(3, DATA, 4, 3);
        int perEpoch = 30 / 4; // 7 batches, 2 images skipped per epoch
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] seen = new int[30];
            for (int s = 1; s <= perEpoch; s++) {
                for (int i : r.batchIndices(epoch * perEpoch + s)) {
                    seen[i]++;
                }
            }
            assertEquals(28, Arrays.stream(seen).sum());
            assertTrue(Arrays.stream(seen).allMatch(c -> c <= 1), "epoch " + epoch + ": " + Arrays.toString(seen));
        }
        int[] levels = new int[4];
        for (int s = 1; s <= 3000; s++) {
            levels[r.draw(s).level()]++;
        }
        for (int l = 1; l <= 3; l++) {
            assertEquals(1000, levels[l], 90, "level " + l + " drawn " + levels[l] + " of 3000 times");
        }
    }

    @Test
    void noiseIsStandardNormalOfTheLevelsShape() {
        StepRandomness r = new StepRandomness(4, DATA, 4, 3);
        StepRandomness.Draw d = r.draw(2);
        int l = d.level();
        assertEquals(4 * (32 >> l) * (32 >> l), d.discriminator().eps().length);
        assertEquals(4 * (32 >> (l - 1)) * (32 >> (l - 1)), d.discriminator().fakeNoise().length);
        float[] z = r.normals(1, StepRandomness.D_EPS, 100_001);
        double mean = 0;
        double sq = 0;
        for (float v : z) {
            mean += v;
            sq += v * v;
        }
        mean /= z.length;
        double variance = sq / z.length - mean * mean;
        assertEquals(0, mean, 0.015);
        assertEquals(1, variance, 0.02);
    }

    @Test
    void aDatasetSmallerThanABatchIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StepRandomness(1, TrainingTestData.dataset(3, 1), 4, 3));
        assertTrue(e.getMessage().contains("fewer than one batch"), e.getMessage());
    }
}
