package dev.udpm.core.net;

import java.util.ArrayList;
import java.util.List;

/**
 * The block sequence of a {@link UNet}, derived once from its {@link UNetConfig}. Both the parameter list and
 * the forward pass walk this one list, so they cannot disagree about names or channel counts.
 *
 * <p>Layout (K = number of resolutions, R = residual blocks per resolution, w_i = width of resolution i):
 * <pre>
 *   in.conv (C -> w_1)                                      skip
 *   down{i}.res{r} (-> w_i) [+ down{i}.attn{r} if i = K]    skip   for i = 1..K, r = 0..R-1
 *   down{i}.down (3x3, stride 2)                            skip   for i = 1..K-1
 *   mid.res0, mid.attn, mid.res1
 *   up{i}.res{r} (concat skip -> w_i) [+ up{i}.attn{r}]            for i = K..1, r = 0..R
 *   up{i}.up (nearest x2 + 3x3)                                    for i = K..2
 *   out.norm, out.conv (w_1 -> 4C), depth-to-space(2) -> C channels at twice the input size
 * </pre>
 */
record UNetPlan(List<Block> blocks) {

    /** What a block does. */
    enum Kind { CONV_IN, RES, ATTENTION, DOWN, UP, OUT }

    /**
     * One block.
     *
     * @param skipIn channels of the skip tensor concatenated to the input first (0 = none)
     * @param pushesSkip whether the block's output is kept for the decoder
     */
    record Block(Kind kind, String name, int in, int out, int skipIn, boolean pushesSkip) {
    }

    static UNetPlan of(UNetConfig c) {
        List<Block> blocks = new ArrayList<>();
        List<Integer> skips = new ArrayList<>();
        int k = c.resolutions();
        int ch = c.width(0);
        blocks.add(new Block(Kind.CONV_IN, "in.conv", c.imageChannels(), ch, 0, true));
        skips.add(ch);
        for (int i = 1; i <= k; i++) {
            int w = c.width(i - 1);
            for (int r = 0; r < c.resBlocksPerLevel(); r++) {
                boolean attention = c.attentionAtLowest() && i == k;
                blocks.add(new Block(Kind.RES, "down" + i + ".res" + r, ch, w, 0, !attention));
                ch = w;
                if (attention) {
                    blocks.add(new Block(Kind.ATTENTION, "down" + i + ".attn" + r, ch, ch, 0, true));
                }
                skips.add(ch);
            }
            if (i < k) {
                blocks.add(new Block(Kind.DOWN, "down" + i + ".down", ch, ch, 0, true));
                skips.add(ch);
            }
        }
        blocks.add(new Block(Kind.RES, "mid.res0", ch, ch, 0, false));
        if (c.attentionAtLowest()) {
            blocks.add(new Block(Kind.ATTENTION, "mid.attn", ch, ch, 0, false));
        }
        blocks.add(new Block(Kind.RES, "mid.res1", ch, ch, 0, false));
        for (int i = k; i >= 1; i--) {
            int w = c.width(i - 1);
            for (int r = 0; r <= c.resBlocksPerLevel(); r++) {
                int skip = skips.remove(skips.size() - 1);
                blocks.add(new Block(Kind.RES, "up" + i + ".res" + r, ch, w, skip, false));
                ch = w;
                if (c.attentionAtLowest() && i == k) {
                    blocks.add(new Block(Kind.ATTENTION, "up" + i + ".attn" + r, ch, ch, 0, false));
                }
            }
            if (i > 1) {
                blocks.add(new Block(Kind.UP, "up" + i + ".up", ch, ch, 0, false));
            }
        }
        if (!skips.isEmpty()) {
            throw new IllegalStateException("unet plan left " + skips.size() + " skip connections unused");
        }
        blocks.add(new Block(Kind.OUT, "out", ch, 4 * c.imageChannels(), 0, false));
        return new UNetPlan(List.copyOf(blocks));
    }

    /** The parameters of every block, in order, followed by the embedding's. */
    List<ParameterSpec> parameterSpecs(UNetConfig c) {
        List<ParameterSpec> specs = new ArrayList<>(Embedding.specs(c));
        for (Block b : blocks) {
            switch (b.kind()) {
                case CONV_IN -> specs.addAll(Layers.convSpecs(b.name(), 3, b.in(), b.out(), 1.0));
                case RES -> specs.addAll(Layers.resBlockSpecs(b.name(), b.in() + b.skipIn(), b.out(), c.embeddingDim()));
                case ATTENTION -> specs.addAll(Layers.attentionSpecs(b.name(), b.in()));
                case DOWN -> specs.addAll(Layers.convSpecs(b.name(), 3, b.in(), b.out(), 1.0));
                case UP -> specs.addAll(Layers.convSpecs(b.name(), 3, b.in(), b.out(), 1.0));
                case OUT -> {
                    specs.addAll(Layers.groupNormSpecs(b.name() + ".norm", b.in()));
                    specs.addAll(Layers.convSpecs(b.name() + ".conv", 3, b.in(), b.out(), OUTPUT_GAIN));
                }
                default -> throw new IllegalStateException("unknown block kind " + b.kind());
            }
        }
        return specs;
    }

    /** The output convolution starts smaller so a fresh network's images are not mostly clipped. */
    static final double OUTPUT_GAIN = 0.5;
}
