package dev.udpm.core.net;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hyper-parameters of the shared UDPM denoiser {@link UNet} (docs/method.md#4-network-and-training).
 *
 * <p>The network sees {@code x_l} ({@code [N, s, s, imageChannels]}) and returns {@code 4 * imageChannels}
 * channels that depth-to-space turns into {@code [N, 2s, 2s, imageChannels]}. It has
 * {@code channelMultipliers.size()} resolutions, so {@code s} must be a multiple of {@link #minInputSize()}.
 *
 * @param imageChannels C, channels of the image (1 for Fashion-MNIST, 3 for RGB)
 * @param baseWidth feature channels at the input resolution
 * @param channelMultipliers width of resolution i is {@code baseWidth * channelMultipliers[i]}; one entry per
 *     resolution, each further entry halves the spatial size once
 * @param resBlocksPerLevel residual blocks per resolution on the way down (one more on the way up)
 * @param groupNormGroups groups of every group normalisation; must divide every width
 * @param attentionAtLowest self-attention after the residual blocks of the lowest resolution and in the middle
 * @param embeddingDim width of the time (and class) embedding; even
 * @param numClasses number of class labels, 0 for an unconditional network
 */
public record UNetConfig(int imageChannels, int baseWidth, List<Integer> channelMultipliers, int resBlocksPerLevel,
        int groupNormGroups, boolean attentionAtLowest, int embeddingDim, int numClasses) {

    public UNetConfig {
        channelMultipliers = channelMultipliers == null ? null : List.copyOf(channelMultipliers);
        requirePositive("imageChannels", imageChannels);
        requirePositive("baseWidth", baseWidth);
        requirePositive("resBlocksPerLevel", resBlocksPerLevel);
        requirePositive("groupNormGroups", groupNormGroups);
        requirePositive("embeddingDim", embeddingDim);
        if (embeddingDim % 2 != 0) {
            throw new IllegalArgumentException("unet: embeddingDim = " + embeddingDim
                    + " must be even (half sine, half cosine features)");
        }
        if (numClasses < 0) {
            throw new IllegalArgumentException("unet: numClasses = " + numClasses
                    + " must be >= 0 (0 means unconditional)");
        }
        if (channelMultipliers == null || channelMultipliers.isEmpty()) {
            throw new IllegalArgumentException("unet: channelMultipliers must hold at least one resolution");
        }
        for (int i = 0; i < channelMultipliers.size(); i++) {
            int m = channelMultipliers.get(i);
            requirePositive("channelMultipliers[" + i + "]", m);
            if ((baseWidth * m) % groupNormGroups != 0) {
                throw new IllegalArgumentException("unet: width " + baseWidth * m + " of resolution " + i
                        + " (baseWidth " + baseWidth + " x " + m + ") is not divisible by groupNormGroups = "
                        + groupNormGroups);
            }
        }
        if (baseWidth % groupNormGroups != 0) {
            throw new IllegalArgumentException("unet: baseWidth = " + baseWidth
                    + " is not divisible by groupNormGroups = " + groupNormGroups);
        }
    }

    /**
     * The CPU default: base width 32, multipliers (1, 2, 2), 2 residual blocks per resolution, 8 groups,
     * attention at the lowest resolution, 128-wide embedding. 1.64 M parameters for one channel and 10 classes; runs at
     * 4x4 (lowest resolution 1x1), 8x8 and 16x16.
     */
    public static UNetConfig cpuDefault(int imageChannels, int numClasses) {
        return new UNetConfig(imageChannels, 32, List.of(1, 2, 2), 2, 8, true, 128, numClasses);
    }

    /** A network of a few thousand parameters for tests: width 4 at two resolutions, one block each, attention on. */
    public static UNetConfig tiny(int imageChannels, int numClasses) {
        return new UNetConfig(imageChannels, 4, List.of(1, 1), 1, 2, true, 8, numClasses);
    }

    /** The number of resolutions the network works at. */
    public int resolutions() {
        return channelMultipliers.size();
    }

    /** Feature width at resolution {@code i} (0 = input resolution). */
    public int width(int i) {
        return baseWidth * channelMultipliers.get(i);
    }

    /** The input side must be a multiple of this: {@code 2^(resolutions - 1)}. */
    public int minInputSize() {
        return 1 << (resolutions() - 1);
    }

    /** True when the network takes class labels. */
    public boolean conditional() {
        return numClasses > 0;
    }

    /** The configuration as a JSON-friendly map (the manifest's {@code network} object). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("architecture", "udpm-unet");
        map.put("imageChannels", imageChannels);
        map.put("baseWidth", baseWidth);
        map.put("channelMultipliers", channelMultipliers);
        map.put("resBlocksPerLevel", resBlocksPerLevel);
        map.put("groupNormGroups", groupNormGroups);
        map.put("attentionAtLowest", attentionAtLowest);
        map.put("embeddingDim", embeddingDim);
        map.put("numClasses", numClasses);
        return map;
    }

    /**
     * The inverse of {@link #toMap()}.
     *
     * @throws IllegalArgumentException naming the missing or mistyped key
     */
    public static UNetConfig fromMap(Map<String, ?> map) {
        Object multipliers = map.get("channelMultipliers");
        if (!(multipliers instanceof List<?> list)) {
            throw new IllegalArgumentException("unet: key 'channelMultipliers' must be a list of integers, got "
                    + multipliers);
        }
        List<Integer> values = list.stream().map(v -> {
            if (!(v instanceof Number n)) {
                throw new IllegalArgumentException("unet: channelMultipliers holds non-number " + v);
            }
            return n.intValue();
        }).toList();
        return new UNetConfig(intValue(map, "imageChannels"), intValue(map, "baseWidth"), values,
                intValue(map, "resBlocksPerLevel"), intValue(map, "groupNormGroups"),
                booleanValue(map, "attentionAtLowest"), intValue(map, "embeddingDim"), intValue(map, "numClasses"));
    }

    private static int intValue(Map<String, ?> map, String key) {
        if (!(map.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("unet: key '" + key + "' must be an integer, got " + map.get(key));
        }
        return n.intValue();
    }

    private static boolean booleanValue(Map<String, ?> map, String key) {
        if (!(map.get(key) instanceof Boolean b)) {
            throw new IllegalArgumentException("unet: key '" + key + "' must be true or false, got " + map.get(key));
        }
        return b;
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("unet: " + name + " = " + value + " must be > 0");
        }
    }
}
