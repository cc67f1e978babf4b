package dev.udpm.trainer.eval;

import java.util.Random;

import dev.udpm.trainer.data.ImageDataset;

/**
 * Reference image sets that a generator must beat, as NHWC float arrays in [-1, 1]. Their Frechet distances
 * bracket a model's from above, the real-data floor ({@link Evaluator#references}) from below.
 */
public final class Baselines {

    private Baselines() {
    }

    /**
     * Pure noise: every value i.i.d. {@code N(0, 1)} clipped to [-1, 1], from {@code new Random(seed)}.
     *
     * @return {@code count * valuesPerImage} values
     */
    public static float[] gaussianNoise(int count, int valuesPerImage, long seed) {
        Random random = new Random(seed);
        float[] out = new float[count * valuesPerImage];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.max(-1, Math.min(1, random.nextGaussian()));
        }
        return out;
    }

    /**
     * The "dataset mean" generator (what L1 training of UDPM's coarsest step collapses to,
     * docs/method.md#4-network-and-training): image {@code i} is the mean of all images of class {@code labels[i]} in {@code source}.
     *
     * @param labels intended class per output image, each in {@code [0, source.numClasses())}
     * @throws IllegalArgumentException if a requested class has no image in {@code source}
     */
    public static float[] classMeans(ImageDataset source, int[] labels) {
        int classes = Math.max(source.numClasses(), 1);
        int perImage = source.valuesPerImage();
        double[][] sums = new double[classes][perImage];
        int[] counts = new int[classes];
        int chunk = 1000;
        float[] buffer = new float[chunk * perImage];
        int[] chunkLabels = new int[chunk];
        for (int start = 0; start < source.size(); start += chunk) {
            int n = Math.min(chunk, source.size() - start);
            int[] indices = new int[n];
            for (int i = 0; i < n; i++) {
                indices[i] = start + i;
            }
            float[] images = n == chunk ? buffer : new float[n * perImage];
            int[] batchLabels = n == chunk ? chunkLabels : new int[n];
            source.copyBatch(indices, images, batchLabels);
            for (int i = 0; i < n; i++) {
                double[] sum = sums[batchLabels[i]];
                for (int k = 0; k < perImage; k++) {
                    sum[k] += images[i * perImage + k];
                }
                counts[batchLabels[i]]++;
            }
        }
        float[] out = new float[labels.length * perImage];
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            if (c < 0 || c >= classes || counts[c] == 0) {
                throw new IllegalArgumentException("Baselines.classMeans: class " + c + " (image " + i + ") has no"
                        + " image in the source set of " + source.size() + " images and " + classes + " classes");
            }
            for (int k = 0; k < perImage; k++) {
                out[i * perImage + k] = (float) (sums[c][k] / counts[c]);
            }
        }
        return out;
    }

    /**
     * Each {@code block x block} patch of every channel replaced by its mean: the orthogonal projection onto
     * block-constant images, {@code (H^T)^l H^l} with {@code block = 2^l} (docs/method.md#1-operator-h). For
     * {@code block = 4} it keeps what UDPM's {@code x_2} can carry about {@code x_0} at 32x32.
     *
     * @param images {@code [count, size, size, channels]} NHWC
     * @return a new array of the same shape
     */
    public static float[] blockBlur(float[] images, int count, int size, int channels, int block) {
        if (block < 1 || size % block != 0) {
            throw new IllegalArgumentException("Baselines.blockBlur: block = " + block + " must be >= 1 and divide"
                    + " the image size " + size);
        }
        if (images.length != count * size * size * channels) {
            throw new IllegalArgumentException("Baselines.blockBlur: " + images.length + " values are not " + count
                    + " images of " + size + "x" + size + "x" + channels);
        }
        float[] out = new float[images.length];
        double area = block * block;
        for (int n = 0; n < count; n++) {
            int base = n * size * size * channels;
            for (int by = 0; by < size; by += block) {
                for (int bx = 0; bx < size; bx += block) {
                    for (int c = 0; c < channels; c++) {
                        double sum = 0;
                        for (int y = by; y < by + block; y++) {
                            for (int x = bx; x < bx + block; x++) {
                                sum += images[base + (y * size + x) * channels + c];
                            }
                        }
                        float mean = (float) (sum / area);
                        for (int y = by; y < by + block; y++) {
                            for (int x = bx; x < bx + block; x++) {
                                out[base + (y * size + x) * channels + c] = mean;
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
