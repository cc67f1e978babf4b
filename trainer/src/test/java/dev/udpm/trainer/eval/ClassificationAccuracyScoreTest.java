package dev.udpm.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.udpm.core.classifier.FeatureNetConfig;
import dev.udpm.trainer.data.ImageDataset;
import dev.udpm.trainer.data.InMemoryDataset;
import org.junit.jupiter.api.Test;

/** CAS on data with a known answer: a tiny net on images whose class is the row of a bright band. */
class ClassificationAccuracyScoreTest {

    private static final int SIZE = 32;
    private static final FeatureNetConfig TINY = new FeatureNetConfig(SIZE, 1, List.of(4, 4, 4), 3, 8, 10);
    private static final ClassifierTraining.Options OPTIONS = new ClassifierTraining.Options(8, 20, 1e-2f, 3L, 0, 1000);
    private static final int PER_CLASS = 20;

    @Test
    void aSyntheticSetAsGoodAsRealDataScoresAboutOne() {
        ImageDataset train = bands(600, 1);
        ImageDataset test = bands(200, 2);
        ImageDataset otherReal = bands(PER_CLASS * 10, 3); // "generated" by the data's own process
        float[] images = new float[otherReal.size() * otherReal.valuesPerImage()];
        int[] labels = new int[otherReal.size()];
        otherReal.copyBatch(java.util.stream.IntStream.range(0, otherReal.size()).toArray(), images, labels);
        ClassificationAccuracyScore.Result r = ClassificationAccuracyScore.score(images, labels, train, test, TINY,
                OPTIONS, 5);
        assertEquals(PER_CLASS, r.perClass());
        assertTrue(r.realAccuracy() > 0.9, "real-trained accuracy " + r.realAccuracy());
        assertEquals(1.0, r.ratio(), 0.1, r.toString());
    }

    @Test
    void oneImageForEveryClassTeachesNothing() {
        ImageDataset train = bands(600, 1);
        ImageDataset test = bands(200, 2);
        float[] one = new float[train.valuesPerImage()];
        train.copyBatch(new int[] {0}, one, new int[1]);
        int n = PER_CLASS * 10;
        float[] images = new float[n * one.length];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(one, 0, images, i * one.length, one.length);
            labels[i] = i / PER_CLASS;
        }
        ClassificationAccuracyScore.Result r = ClassificationAccuracyScore.score(images, labels, train, test, TINY,
                OPTIONS, 5);
        assertTrue(r.syntheticAccuracy() <= 0.2, "one image for all classes: chance level, got " + r);
        assertTrue(r.ratio() < 0.25, r.toString());
    }

    @Test
    void anUnbalancedGeneratedSetIsRefused() {
        ImageDataset train = bands(100, 1);
        int[] labels = new int[11];
        labels[10] = 3;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassificationAccuracyScore
                .score(new float[11 * SIZE * SIZE], labels, train, train, TINY, OPTIONS, 1));
        assertTrue(e.getMessage().contains("as many images of every class"), e.getMessage());
    }

    @Test
    void quantisesAsAUserReceivesTheImages() {
        ImageDataset format = bands(10, 1);
        float[] image = new float[SIZE * SIZE];
        image[0] = -1f;
        image[1] = 1f;
        image[2] = 2f; // clamped
        image[3] = 0f;
        ImageDataset q = ClassificationAccuracyScore.quantised(image, new int[] {4}, format);
        float[] back = new float[SIZE * SIZE];
        int[] label = new int[1];
        q.copyBatch(new int[] {0}, back, label);
        assertEquals(4, label[0]);
        assertEquals(-1f, back[0], 1e-6);
        assertEquals(1f, back[1], 1e-6);
        assertEquals(1f, back[2], 1e-6);
        assertEquals(0f, back[3], 0.5 / 127.5 + 1e-6);
    }

    /** {@code count} images; class {@code c = i mod 10} is a bright band at rows {@code 3c..3c+4}, noisy background. */
    private static InMemoryDataset bands(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * SIZE * SIZE];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int c = i % 10;
            labels[i] = c;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int value = (y >= 3 * c && y < 3 * c + 5) ? 200 : 20;
                    pixels[(i * SIZE + y) * SIZE + x] = (byte) Math.min(255, value + random.nextInt(50));
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            names.add("band" + c);
        }
        return new InMemoryDataset(pixels, labels, SIZE, 1, names);
    }
}
