package dev.udpm.trainer.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import dev.udpm.core.classifier.FeatureNetConfig;
import dev.udpm.trainer.data.ImageDataset;

/**
 * Scores image sets with a trained {@link dev.udpm.core.classifier.FeatureNet}: the Frechet distance (FD) of
 * their penultimate features against the real test set and the conditional accuracy (share of images meant to
 * show class {@code c} that the classifier assigns to {@code c}), overall and per class.
 *
 * <p>Usage: {@code try (Evaluator e = Evaluator.load(dir)) { GaussianStats ref = e.statsOf(test);
 * Evaluation g = e.evaluate("udpm", images, count, labels, ref); }}. Compare FDs only at equal sample counts:
 * FD is biased upwards for small sets, which is why {@link #references} scores the floor and the baselines with
 * the same count as the generated sets should have.
 */
public final class Evaluator implements AutoCloseable {

    /** Name of the real-data floor in {@link #references}. */
    public static final String FLOOR = "real train subset (floor)";

    private final FeatureNetRunner runner;

    /** Takes ownership of {@code runner} (closed with this evaluator). */
    public Evaluator(FeatureNetRunner runner) {
        this.runner = runner;
    }

    /** An evaluator over the classifier checkpoint in {@code classifierDir} (see {@link ClassifierTraining}). */
    public static Evaluator load(Path classifierDir) {
        return new Evaluator(FeatureNetRunner.load(classifierDir));
    }

    /** The classifier's architecture (image size and channels the images must have). */
    public FeatureNetConfig config() {
        return runner.config();
    }

    /** The Gaussian of the classifier features of every image of {@code dataset} (the reference: the test set). */
    public GaussianStats statsOf(ImageDataset dataset) {
        return runner.run(DatasetArrays.images(dataset), dataset.size()).stats();
    }

    /**
     * FD against {@code reference} and conditional accuracy of {@code count} images.
     *
     * @param images NHWC in [-1, 1], {@code count * config().valuesPerImage()} values
     * @param intendedLabels the class each image was generated for, or {@code null} for an unconditional set
     */
    public Evaluation evaluate(String name, float[] images, int count, int[] intendedLabels,
                               GaussianStats reference) {
        FeatureNetRunner.Outputs out = runner.run(images, count);
        double fd = FrechetDistance.between(out.stats(), reference);
        return Evaluation.of(name, fd, out.predictions(), intendedLabels, runner.config().numClasses());
    }

    /**
     * The real-data floor and the baselines, each on the same {@code count} training images (drawn without
     * replacement with {@code seed}), in this order:
     * <ol>
     *   <li>{@value #FLOOR}: the images themselves, with their labels;
     *   <li>{@code "blurred 4x4"}: the images with every 4x4 patch replaced by its mean ({@link Baselines#blockBlur});
     *   <li>{@code "class means"}: each image replaced by the mean image of its class ({@link Baselines#classMeans});
     *   <li>{@code "gaussian noise"}: clipped {@code N(0, 1)} noise with uniformly drawn intended labels.
     * </ol>
     */
    public List<Evaluation> references(ImageDataset train, GaussianStats reference, int count, long seed) {
        if (count < 2 || count > train.size()) {
            throw new IllegalArgumentException("Evaluator.references: count = " + count + " must be in [2, "
                    + train.size() + "] (the training set's size)");
        }
        int[] chosen = sampleWithoutReplacement(train.size(), count, seed);
        FeatureNetConfig c = runner.config();
        float[] images = new float[count * train.valuesPerImage()];
        int[] labels = new int[count];
        train.copyBatch(chosen, images, labels);
        List<Evaluation> out = new ArrayList<>();
        out.add(evaluate(FLOOR, images, count, labels, reference));
        out.add(evaluate("blurred 4x4", Baselines.blockBlur(images, count, c.imageSize(), c.channels(), 4), count,
                labels, reference));
        out.add(evaluate("class means", Baselines.classMeans(train, labels), count, labels, reference));
        int[] noiseLabels = new int[count];
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            noiseLabels[i] = random.nextInt(c.numClasses());
        }
        out.add(evaluate("gaussian noise", Baselines.gaussianNoise(count, train.valuesPerImage(), seed), count,
                noiseLabels, reference));
        return out;
    }

    @Override
    public void close() {
        runner.close();
    }

    /** {@code count} distinct indices of {@code [0, size)} (partial Fisher-Yates), sorted by draw order. */
    static int[] sampleWithoutReplacement(int size, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] pool = new int[size];
        for (int i = 0; i < size; i++) {
            pool[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(size - i);
            int tmp = pool[i];
            pool[i] = pool[j];
            pool[j] = tmp;
        }
        return Arrays.copyOf(pool, count);
    }
}
