package dev.udpm.core.classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Architecture of the {@link FeatureNet}: a small CNN for square images in [-1, 1] (NHWC).
 *
 * <p>Block {@code b = 1..B}: 3x3 convolution ({@code blockChannels.get(b-1)} filters, SAME padding), SiLU,
 * 2x2 average pooling. Then flatten, a dense layer of {@code featureDim} units with SiLU (the penultimate
 * features used for the Frechet distance) and a dense layer of {@code numClasses} logits.
 *
 * @param imageSize side length of the input, divisible by {@code 2^B}
 * @param channels input channels (1 gray, 3 RGB)
 * @param blockChannels filters per convolution block, at least one block
 * @param kernelSize side of the square convolution kernels (odd)
 * @param featureDim width of the penultimate dense layer
 * @param numClasses number of logits
 */
public record FeatureNetConfig(int imageSize, int channels, List<Integer> blockChannels, int kernelSize,
                               int featureDim, int numClasses) {

    /** The defaults for 32x32 gray Fashion-MNIST: blocks (32, 64, 128), 3x3 kernels, 128 features, 10 classes. */
    public static FeatureNetConfig fashionMnist() {
        return new FeatureNetConfig(32, 1, List.of(32, 64, 128), 3, 128, 10);
    }

    /**
     * The independent evaluation network for 32x32 gray Fashion-MNIST: another architecture than
     * {@link #fashionMnist()} (four blocks (16, 32, 64, 128), 5x5 kernels, 96 features), trained with another seed and
     * used by no training loss, so a generator cannot have been optimised against it. It scores FD, model selection
     * and the classification accuracy score.
     */
    public static FeatureNetConfig independentFashionMnist() {
        return new FeatureNetConfig(32, 1, List.of(16, 32, 64, 128), 5, 96, 10);
    }

    /** Validates every field; the message names the field, its value and the allowed range. */
    public FeatureNetConfig {
        blockChannels = List.copyOf(blockChannels);
        if (blockChannels.isEmpty()) {
            throw new IllegalArgumentException("FeatureNetConfig.blockChannels must hold at least one block");
        }
        for (int i = 0; i < blockChannels.size(); i++) {
            if (blockChannels.get(i) <= 0) {
                throw new IllegalArgumentException("FeatureNetConfig.blockChannels[" + i + "] = "
                        + blockChannels.get(i) + " must be > 0");
            }
        }
        int divisor = 1 << blockChannels.size();
        if (imageSize <= 0 || imageSize % divisor != 0) {
            throw new IllegalArgumentException("FeatureNetConfig.imageSize = " + imageSize + " must be a positive"
                    + " multiple of 2^" + blockChannels.size() + " = " + divisor + " (one 2x2 pooling per block)");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("FeatureNetConfig.channels = " + channels + " must be 1 or 3");
        }
        if (kernelSize <= 0 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException("FeatureNetConfig.kernelSize = " + kernelSize
                    + " must be a positive odd number");
        }
        if (featureDim <= 0) {
            throw new IllegalArgumentException("FeatureNetConfig.featureDim = " + featureDim + " must be > 0");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("FeatureNetConfig.numClasses = " + numClasses + " must be >= 2");
        }
    }

    /** Number of convolution blocks {@code B}. */
    public int blocks() {
        return blockChannels.size();
    }

    /** Side length of the last block's output: {@code imageSize / 2^B}. */
    public int finalSize() {
        return imageSize >> blocks();
    }

    /** Length of the flattened last block: {@code finalSize^2 * blockChannels[B-1]}. */
    public int flattenedSize() {
        return finalSize() * finalSize() * blockChannels.get(blocks() - 1);
    }

    /** Values per input image: {@code imageSize^2 * channels}. */
    public int valuesPerImage() {
        return imageSize * imageSize * channels;
    }

    /** The configuration as properties (keys are the record's component names; the list comma-separated). */
    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("imageSize", Integer.toString(imageSize));
        p.setProperty("channels", Integer.toString(channels));
        StringBuilder list = new StringBuilder();
        for (int c : blockChannels) {
            list.append(list.isEmpty() ? "" : ",").append(c);
        }
        p.setProperty("blockChannels", list.toString());
        p.setProperty("kernelSize", Integer.toString(kernelSize));
        p.setProperty("featureDim", Integer.toString(featureDim));
        p.setProperty("numClasses", Integer.toString(numClasses));
        return p;
    }

    /** The inverse of {@link #toProperties()}; every key is required. */
    public static FeatureNetConfig fromProperties(Properties p) {
        List<Integer> blocks = new ArrayList<>();
        for (String part : required(p, "blockChannels").split(",")) {
            blocks.add(parse("blockChannels", part.trim()));
        }
        return new FeatureNetConfig(intOf(p, "imageSize"), intOf(p, "channels"), blocks, intOf(p, "kernelSize"),
                intOf(p, "featureDim"), intOf(p, "numClasses"));
    }

    private static int intOf(Properties p, String key) {
        return parse(key, required(p, key));
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("FeatureNetConfig properties lack the key '" + key
                    + "'; expected keys: imageSize, channels, blockChannels, kernelSize, featureDim, numClasses");
        }
        return value;
    }

    private static int parse(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("FeatureNetConfig property '" + key + "' = '" + value
                    + "' is not an integer", e);
        }
    }
}
