package dev.udpm.trainer.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.udpm.core.classifier.FeatureNet;
import dev.udpm.core.classifier.FeatureNetCheckpoint;
import dev.udpm.core.classifier.FeatureNetConfig;
import dev.udpm.core.net.UNetConfig;
import dev.udpm.core.train.DiscriminatorConfig;
import dev.udpm.core.train.TrainingConfig;
import dev.udpm.trainer.data.InMemoryDataset;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/** Tiny, fast training set-ups for the loop tests: 32x32 gray images in 10 classes, tiny networks. */
final class TrainingTestData {

    static final int SIZE = 32;
    static final FeatureNetConfig CLASSIFIER = new FeatureNetConfig(SIZE, 1, List.of(4, 4, 4), 3, 8, 10);

    private TrainingTestData() {
    }

    /**
     * {@code count} images whose class {@code c = i mod 10} sets a bright horizontal band at rows {@code 3c..3c+4} on
     * a dark, slightly noisy background (seeded).
     */
    static InMemoryDataset dataset(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * SIZE * SIZE];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int c = i % 10;
            labels[i] = c;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int value = (y >= 3 * c && y < 3 * c + 5) ? 220 : 20;
                    value += random.nextInt(30);
                    pixels[(i * SIZE + y) * SIZE + x] = (byte) Math.min(255, value);
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            names.add("band" + c);
        }
        return new InMemoryDataset(pixels, labels, SIZE, 1, names);
    }

    /** Tiny nets, batch 4, paper loss weights, no warm-up, Grappler off (fast first steps). */
    static TrainingRunConfig config(long steps, int checkpointEvery, int sampleEvery, int logEvery) {
        TrainingConfig training = TrainingConfig.paperDefaults().toBuilder().batchSize(4).seed(21).warmupSteps(0)
                .learningRates(1e-3, 1e-3).build();
        return new TrainingRunConfig(steps, checkpointEvery, sampleEvery, logEvery, 2, 2, UNetConfig.tiny(1, 10),
                DiscriminatorConfig.tiny(1, 10), training, false);
    }

    /** An (untrained, seeded) FeatureNet checkpoint: enough to drive the perceptual loss of a test run. */
    static Path classifier(Path directory) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            FeatureNet net = FeatureNet.create(tf, CLASSIFIER, 3);
            FeatureNetCheckpoint.attach(tf, net).save(session, directory);
        }
        return directory;
    }
}
