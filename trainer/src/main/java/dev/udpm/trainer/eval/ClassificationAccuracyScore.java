package dev.udpm.trainer.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.udpm.core.classifier.FeatureNetConfig;
import dev.udpm.trainer.data.ImageDataset;
import dev.udpm.trainer.data.InMemoryDataset;
import dev.udpm.trainer.training.Checkpoints;

/**
 * Classification Accuracy Score (train on synthetic, test on real; Ravuri &amp; Vinyals 2019): the evaluation
 * classifier's architecture is trained from scratch on a generated set and, side by side with the same options, on
 * the same number of real training images per class; both are tested on the real test split. The ratio
 * {@code synthetic / real} says how useful the generated set is as training data (1.0: as useful as real data).
 * The generated images are quantised to 8 bits first, as a user receives them.
 */
public final class ClassificationAccuracyScore {

    /**
     * @param syntheticAccuracy test accuracy of the classifier trained on the generated images
     * @param realAccuracy test accuracy of the classifier trained on as many real images per class
     * @param perClass training images per class of both sets
     */
    public record Result(double syntheticAccuracy, double realAccuracy, int perClass) {

        /** {@code syntheticAccuracy / realAccuracy}. */
        public double ratio() {
            return syntheticAccuracy / realAccuracy;
        }
    }

    private ClassificationAccuracyScore() {
    }

    /**
     * Trains and tests both classifiers (in temporary folders, deleted afterwards).
     *
     * @param generated NHWC in [-1, 1], {@code labels.length} images of {@code train}'s format
     * @param labels the class each generated image was made for
     * @param train the real training set; {@code perClass} images per class are drawn from it with {@code seed}
     * @param test the real test set both classifiers are scored on
     */
    public static Result score(float[] generated, int[] labels, ImageDataset train, ImageDataset test,
            FeatureNetConfig architecture, ClassifierTraining.Options options, long seed) {
        int classes = train.numClasses();
        int[] perClassCount = new int[classes];
        for (int label : labels) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("CAS: label " + label + " outside 0.." + (classes - 1));
            }
            perClassCount[label]++;
        }
        int perClass = perClassCount[0];
        for (int c = 1; c < classes; c++) {
            if (perClassCount[c] != perClass) {
                throw new IllegalArgumentException("CAS: the generated set must hold as many images of every class"
                        + " (class 0: " + perClass + ", class " + c + ": " + perClassCount[c] + ")");
            }
        }
        ImageDataset synthetic = quantised(generated, labels, train);
        ImageDataset real = new ImageSubset(train, balancedSample(train, perClass, seed));
        double syntheticAccuracy = trainAndTest(synthetic, test, architecture, options);
        double realAccuracy = trainAndTest(real, test, architecture, options);
        return new Result(syntheticAccuracy, realAccuracy, perClass);
    }

    private static double trainAndTest(ImageDataset data, ImageDataset test, FeatureNetConfig architecture,
            ClassifierTraining.Options options) {
        Path dir;
        try {
            dir = Files.createTempDirectory("udpm-cas");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return ClassifierTraining.train(data, test, architecture, options, dir, (s, t, l, r) -> { })
                    .testAccuracy();
        } finally {
            try {
                Checkpoints.deleteTree(dir);
            } catch (IOException e) {
                System.getLogger(ClassificationAccuracyScore.class.getName()).log(System.Logger.Level.WARNING,
                        "could not delete " + dir + ": " + e);
            }
        }
    }

    /** The generated images as 8-bit pixels ({@code round((x + 1) * 127.5)}, clamped), with their labels. */
    static ImageDataset quantised(float[] images, int[] labels, ImageDataset format) {
        int perImage = format.valuesPerImage();
        if (images.length != (long) labels.length * perImage) {
            throw new IllegalArgumentException("CAS: " + labels.length + " images need " + (long) labels.length
                    * perImage + " values, got " + images.length);
        }
        byte[] pixels = new byte[images.length];
        for (int i = 0; i < images.length; i++) {
            long v = Math.round((images[i] + 1.0) * 127.5);
            pixels[i] = (byte) Math.max(0, Math.min(255, v));
        }
        return new InMemoryDataset(pixels, labels.clone(), format.imageSize(), format.channels(),
                format.classNames());
    }

    /** {@code perClass} indices of every class of {@code data}, drawn without replacement with {@code seed + class}. */
    public static int[] balancedSample(ImageDataset data, int perClass, long seed) {
        int classes = data.numClasses();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < data.size(); i++) {
            byClass.get(data.label(i)).add(i);
        }
        int[] out = new int[perClass * classes];
        for (int c = 0; c < classes; c++) {
            List<Integer> pool = byClass.get(c);
            if (pool.size() < perClass) {
                throw new IllegalArgumentException("CAS: class " + c + " has " + pool.size()
                        + " real training images, fewer than " + perClass);
            }
            int[] chosen = Evaluator.sampleWithoutReplacement(pool.size(), perClass, seed + c);
            for (int k = 0; k < perClass; k++) {
                out[c * perClass + k] = pool.get(chosen[k]);
            }
        }
        return out;
    }
}
