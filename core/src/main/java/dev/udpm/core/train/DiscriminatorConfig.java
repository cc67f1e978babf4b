package dev.udpm.core.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hyper-parameters of the UDPM {@link Discriminator}.
 *
 * <p>The network sees only the candidate ({@code imageChannels} input channels; never the latent {@code x_l}),
 * lifts it to {@code baseWidth} channels with a 3x3 convolution, then runs one block per entry of
 * {@code channelMultipliers}: the level and class embedding scales and shifts the block's input, a stride-2 3x3
 * convolution goes to {@code baseWidth * multiplier} channels, followed by a 3x3 convolution at that resolution.
 * With {@code minibatchStd} the last block's down-sampling convolution also sees the minibatch standard-deviation
 * map (one extra input channel). It needs inputs whose side is a multiple of {@code 2^blocks} only for an
 * exact halving; SAME padding accepts any side.
 *
 * @param imageChannels C of the images (1 gray, 3 RGB)
 * @param baseWidth channels after the input convolution
 * @param channelMultipliers one entry per down-sampling block: the block's width is {@code baseWidth * m}
 * @param embeddingDim width of the level (time) embedding; even
 * @param numClasses number of classes for the projection term; 0 for an unconditional discriminator
 * @param leakySlope negative slope of every leaky ReLU (0.2 as in DDGAN)
 * @param minibatchStd add the minibatch standard-deviation feature before the last block (Karras et al. 2018), so
 *     the critic can see a batch whose samples are too alike
 */
public record DiscriminatorConfig(int imageChannels, int baseWidth, List<Integer> channelMultipliers,
        int embeddingDim, int numClasses, double leakySlope, boolean minibatchStd) {

    public DiscriminatorConfig {
        channelMultipliers = channelMultipliers == null ? null : List.copyOf(channelMultipliers);
        requirePositive("imageChannels", imageChannels);
        requirePositive("baseWidth", baseWidth);
        requirePositive("embeddingDim", embeddingDim);
        if (embeddingDim % 2 != 0) {
            throw new IllegalArgumentException("discriminator: embeddingDim = " + embeddingDim
                    + " must be even (half sine, half cosine features)");
        }
        if (numClasses < 0) {
            throw new IllegalArgumentException("discriminator: numClasses = " + numClasses
                    + " must be >= 0 (0 means unconditional)");
        }
        if (channelMultipliers == null || channelMultipliers.isEmpty()) {
            throw new IllegalArgumentException("discriminator: channelMultipliers must hold at least one block");
        }
        for (int i = 0; i < channelMultipliers.size(); i++) {
            requirePositive("channelMultipliers[" + i + "]", channelMultipliers.get(i));
        }
        if (!(leakySlope >= 0 && leakySlope < 1)) {
            throw new IllegalArgumentException("discriminator: leakySlope = " + leakySlope + " must be in [0, 1)");
        }
    }

    /**
     * The CPU default: base width 32, blocks of widths 64, 128, 128 (multipliers 2, 4, 4), a 64-wide level and class
     * embedding, slope 0.2, the minibatch standard-deviation feature. About 0.6 M parameters.
     */
    public static DiscriminatorConfig cpuDefault(int imageChannels, int numClasses) {
        return new DiscriminatorConfig(imageChannels, 32, List.of(2, 4, 4), 64, numClasses, 0.2, true);
    }

    /** A discriminator of a few thousand parameters for tests. */
    public static DiscriminatorConfig tiny(int imageChannels, int numClasses) {
        return new DiscriminatorConfig(imageChannels, 4, List.of(1, 2, 2), 8, numClasses, 0.2, true);
    }

    /** Number of down-sampling blocks. */
    public int blocks() {
        return channelMultipliers.size();
    }

    /** Width of block {@code i} (0-based). */
    public int width(int i) {
        return baseWidth * channelMultipliers.get(i);
    }

    /** True when the discriminator takes class labels. */
    public boolean conditional() {
        return numClasses > 0;
    }

    /** The configuration as a JSON-friendly map. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("imageChannels", imageChannels);
        map.put("baseWidth", baseWidth);
        map.put("channelMultipliers", channelMultipliers);
        map.put("embeddingDim", embeddingDim);
        map.put("numClasses", numClasses);
        map.put("leakySlope", leakySlope);
        map.put("minibatchStd", minibatchStd);
        return map;
    }

    /**
     * The inverse of {@link #toMap()}.
     *
     * @throws IllegalArgumentException naming the missing or mistyped key
     */
    public static DiscriminatorConfig fromMap(Map<String, ?> map) {
        if (!(map.get("channelMultipliers") instanceof List<?> list)) {
            throw new IllegalArgumentException("discriminator: key 'channelMultipliers' must be a list of integers, got "
                    + map.get("channelMultipliers"));
        }
        List<Integer> multipliers = list.stream().map(v -> {
            if (!(v instanceof Number n)) {
                throw new IllegalArgumentException("discriminator: channelMultipliers holds non-number " + v);
            }
            return n.intValue();
        }).toList();
        return new DiscriminatorConfig((int) number(map, "imageChannels"), (int) number(map, "baseWidth"),
                multipliers, (int) number(map, "embeddingDim"), (int) number(map, "numClasses"),
                number(map, "leakySlope"), bool(map, "minibatchStd"));
    }

    private static boolean bool(Map<String, ?> map, String key) {
        if (!(map.get(key) instanceof Boolean b)) {
            throw new IllegalArgumentException("discriminator: key '" + key + "' must be true or false, got "
                    + map.get(key) + " (a checkpoint of the older discriminator that also saw x_l cannot be resumed)");
        }
        return b;
    }

    private static double number(Map<String, ?> map, String key) {
        if (!(map.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("discriminator: key '" + key + "' must be a number, got "
                    + map.get(key));
        }
        return n.doubleValue();
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("discriminator: " + name + " = " + value + " must be > 0");
        }
    }
}
