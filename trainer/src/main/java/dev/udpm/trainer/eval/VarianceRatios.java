package dev.udpm.trainer.eval;

/**
 * Within-class pixel variance at a coarser scale: each image is average-pooled to {@code scale x scale} (blocks of
 * {@code size / scale} pixels), and for every class the variance over that class's images is taken per pooled value
 * and averaged over the values. The ratio generated / real at scales 4, 8, 16 and 32 says at which scale a generator
 * is too uniform (1.0: as varied as the data; 0: every image of a class alike).
 */
public final class VarianceRatios {

    /** The scales the evaluation reports for a 32x32 image (coarse layout to full detail). */
    public static final int[] SCALES = {4, 8, 16, 32};

    private VarianceRatios() {
    }

    /**
     * Per-class within-class variance at {@code scale}.
     *
     * @param images NHWC, {@code count * size * size * channels} values
     * @param labels the class of every image, in {@code [0, numClasses)}
     * @param scale side of the pooled image; divides {@code size}
     * @return {@code [numClasses]}; NaN for a class with fewer than two images
     */
    public static double[] withinClass(float[] images, int[] labels, int count, int size, int channels, int numClasses,
            int scale) {
        int perImage = size * size * channels;
        if (count < 1 || images.length != (long) count * perImage || labels.length != count) {
            throw new IllegalArgumentException("variance: " + count + " images of " + size + "x" + size + "x" + channels
                    + " need " + (long) count * perImage + " values and " + count + " labels, got " + images.length
                    + " and " + labels.length);
        }
        if (scale < 1 || size % scale != 0) {
            throw new IllegalArgumentException("variance: scale " + scale + " must divide the image side " + size);
        }
        int block = size / scale;
        int pooled = scale * scale * channels;
        double[][] sum = new double[numClasses][pooled];
        double[][] sumSq = new double[numClasses][pooled];
        int[] n = new int[numClasses];
        double[] p = new double[pooled];
        for (int i = 0; i < count; i++) {
            int c = labels[i];
            if (c < 0 || c >= numClasses) {
                throw new IllegalArgumentException("variance: label " + c + " of image " + i + " outside 0.."
                        + (numClasses - 1));
            }
            java.util.Arrays.fill(p, 0);
            int base = i * perImage;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    for (int ch = 0; ch < channels; ch++) {
                        p[((y / block) * scale + x / block) * channels + ch] += images[base + (y * size + x) * channels + ch];
                    }
                }
            }
            double area = (double) block * block;
            for (int k = 0; k < pooled; k++) {
                double v = p[k] / area;
                sum[c][k] += v;
                sumSq[c][k] += v * v;
            }
            n[c]++;
        }
        double[] out = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            if (n[c] < 2) {
                out[c] = Double.NaN;
                continue;
            }
            double total = 0;
            for (int k = 0; k < pooled; k++) {
                double mean = sum[c][k] / n[c];
                total += Math.max(0, (sumSq[c][k] - n[c] * mean * mean) / (n[c] - 1));
            }
            out[c] = total / pooled;
        }
        return out;
    }

    /** Element-wise {@code generated[c] / real[c]}. */
    public static double[] ratios(double[] generated, double[] real) {
        if (generated.length != real.length) {
            throw new IllegalArgumentException("variance ratios: " + generated.length + " vs " + real.length
                    + " classes");
        }
        double[] out = new double[generated.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = generated[c] / real[c];
        }
        return out;
    }

    /** Mean of the finite entries (NaN if none). */
    public static double mean(double[] values) {
        return java.util.Arrays.stream(values).filter(Double::isFinite).average().orElse(Double.NaN);
    }

    /** Minimum of the finite entries (NaN if none). */
    public static double min(double[] values) {
        return java.util.Arrays.stream(values).filter(Double::isFinite).min().orElse(Double.NaN);
    }
}
