package dev.udpm.core.train;

import java.util.ArrayList;
import java.util.List;

import dev.udpm.core.math.Schedule;
import dev.udpm.core.net.NetworkParameters;
import dev.udpm.core.net.ParameterSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The UDPM discriminator (docs/method.md#4-network-and-training): a conditional critic
 * {@code D(x_{l-1}, t_l, y) -> logit} that judges whether a candidate for {@code x_{l-1}} (the target {@code H^(l-1) x_0 / 2^(l-1)} or the network's
 * prediction, both on the [-1, 1] scale) is a real image at level {@code t_l = (l - 0.5) / L} and, for a
 * class-conditional model, of class {@code y}. It does NOT see the latent {@code x_l}: the generator's only
 * randomness is the noise inside {@code x_l}, and a critic that also sees {@code x_l} can reward a generator that
 * ignores that noise (the coarsest level, where {@code x_L} is almost pure noise, then collapses to one layout).
 *
 * <pre>
 *   e      = dense(leaky(dense(sinusoid(1000 t_l)))) [+ class.cond[y]]                [N or 1, E]
 *   h      = leaky(conv3x3(candidate))                                                [N, S', S', w_in]
 *   block: h = h * (1 + scale_b(leaky(e))) + shift_b(leaky(e))      (per-level and per-class scale and shift)
 *          h = leaky(conv3x3 stride 2 (h) [+ conv3x3 stride 2 (mbstd(h)) in the last block]);  h = leaky(conv3x3(h))
 *   phi    = mean over space of h                                                     [N, w_last]
 *   D      = phi w_out + b_out + &lt;embed(y), phi&gt;    (projection discriminator, Miyato &amp; Koyama 2018)   [N]
 * </pre>
 * {@code mbstd(h)} is the minibatch standard-deviation map (Karras et al. 2018): the standard deviation of each
 * feature over the batch (within classes for a conditional critic), averaged over the channels, {@code [1, s, s, 1]}.
 * The convolution of the concatenation {@code [h, mbstd]} is written as the sum of two convolutions so the map broadcasts over the batch without a tile.
 * It lets the critic tell a batch of look-alike samples from a real batch. The network is fully convolutional with
 * global average pooling, so ONE set of weights serves every level (8x8, 16x16 and 32x32 candidates for a 32x32
 * model); the levels differ by the scale and shift of every block.
 *
 * <p>Only convolution, bias-add, leaky ReLU (maximum), add, subtract, square, pow, mean, matMul, gather and multiply
 * act on the candidate: all have second-order gradients in TensorFlow Java 1.1.0's C++ registry (probed:
 * {@code AvgPoolGrad}, {@code SigmoidGrad}, {@code ReluGrad}, {@code SoftplusGrad}, {@code SqrtGrad} and {@code OnesLike}
 * have none),
 * so the exact R1 penalty {@code ||grad_x D||^2} can be differentiated w.r.t. the weights (double backprop).
 *
 * <p>Variables are named {@value #PREFIX}{@code <spec name>} ({@code disc.in.w}, {@code disc.block0.down.w}, ...),
 * seeded as in {@link NetworkParameters}.
 */
public final class Discriminator {

    /** Prefix of every variable name. */
    public static final String PREFIX = "disc.";

    private static final double TIME_SCALE = 1000.0;
    private static final double MAX_PERIOD = 10000.0;
    private static final float STD_EPSILON = 1e-8f;

    private final DiscriminatorConfig config;
    private final NetworkParameters parameters;

    private Discriminator(DiscriminatorConfig config, NetworkParameters parameters) {
        this.config = config;
        this.parameters = parameters;
    }

    /** Creates the variables in {@code tf}'s graph, initialised deterministically from {@code seed}. */
    public static Discriminator create(Ops tf, DiscriminatorConfig config, long seed) {
        return new Discriminator(config, NetworkParameters.create(tf, parameterSpecs(config), seed, PREFIX));
    }

    /** The parameter list, in creation order (names without {@link #PREFIX}). */
    public static List<ParameterSpec> parameterSpecs(DiscriminatorConfig c) {
        double leakyGain = Math.sqrt(2.0 / (1.0 + c.leakySlope() * c.leakySlope()));
        int e = c.embeddingDim();
        List<ParameterSpec> specs = new ArrayList<>();
        dense(specs, "emb.time0", e, e, leakyGain);
        dense(specs, "emb.time1", e, e, 1.0);
        if (c.conditional()) {
            specs.add(new ParameterSpec("class.cond", new long[] {c.numClasses(), e}, ParameterSpec.Init.NORMAL, 1.0));
        }
        conv(specs, "in", 3, c.imageChannels(), c.baseWidth(), leakyGain);
        int in = c.baseWidth();
        for (int b = 0; b < c.blocks(); b++) {
            int out = c.width(b);
            // the scale starts at 0 (h * (1 + 0)): at initialisation every level sees the same block
            specs.add(new ParameterSpec("block" + b + ".scale.w", new long[] {e, in}, ParameterSpec.Init.ZEROS, 0));
            specs.add(new ParameterSpec("block" + b + ".scale.b", new long[] {in}, ParameterSpec.Init.ZEROS, 0));
            dense(specs, "block" + b + ".shift", e, in, 1.0);
            conv(specs, "block" + b + ".down", 3, in, out, leakyGain);
            if (c.minibatchStd() && b == c.blocks() - 1) {
                specs.add(new ParameterSpec("block" + b + ".down.std.w", new long[] {3, 3, 1, out},
                        ParameterSpec.Init.NORMAL, leakyGain / Math.sqrt(9.0 * (in + 1))));
            }
            conv(specs, "block" + b + ".conv", 3, out, out, leakyGain);
            in = out;
        }
        dense(specs, "out", in, 1, 1.0);
        if (c.conditional()) {
            specs.add(new ParameterSpec("class.embed", new long[] {c.numClasses(), in}, ParameterSpec.Init.NORMAL,
                    1.0 / Math.sqrt(in)));
        }
        return specs;
    }

    private static void dense(List<ParameterSpec> specs, String name, int in, int out, double gain) {
        specs.add(new ParameterSpec(name + ".w", new long[] {in, out}, ParameterSpec.Init.NORMAL, gain / Math.sqrt(in)));
        specs.add(new ParameterSpec(name + ".b", new long[] {out}, ParameterSpec.Init.ZEROS, 0));
    }

    private static void conv(List<ParameterSpec> specs, String name, int k, int in, int out, double gain) {
        specs.add(new ParameterSpec(name + ".w", new long[] {k, k, in, out}, ParameterSpec.Init.NORMAL,
                gain / Math.sqrt((double) k * k * in)));
        specs.add(new ParameterSpec(name + ".b", new long[] {out}, ParameterSpec.Init.ZEROS, 0));
    }

    public DiscriminatorConfig config() {
        return config;
    }

    /** The variables (prefix {@value #PREFIX}); the discriminator's optimizer trains exactly these. */
    public NetworkParameters parameters() {
        return parameters;
    }

    /**
     * The logits {@code D(candidate, t, y)}.
     *
     * @param candidate {@code [N, S', S', C]}, on the [-1, 1] scale; the only image input (never {@code x_l})
     * @param t the level's time {@code t_l} ({@link Schedule#timeCondition})
     * @param labels {@code [N]} int32 class labels; ignored (may be null) when unconditional
     * @return {@code [N]}
     */
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> candidate, double t, Operand<TInt32> labels) {
        if (config.conditional() && labels == null) {
            throw new IllegalArgumentException("conditional discriminator (numClasses = " + config.numClasses()
                    + ") needs class labels");
        }
        Operand<TFloat32> emb = dense(tf, "emb.time1", leaky(tf, dense(tf, "emb.time0", sinusoid(tf, t))));
        if (config.conditional()) {
            emb = tf.math.add(emb, tf.gather(parameters.get("class.cond"), labels, tf.constant(0)));
        }
        Operand<TFloat32> activeEmb = leaky(tf, emb);
        Operand<TFloat32> h = leaky(tf, conv(tf, "in", candidate, 1));
        int in = config.baseWidth();
        for (int b = 0; b < config.blocks(); b++) {
            Operand<TInt32> perSample = tf.constant(new int[] {-1, 1, 1, in});
            Operand<TFloat32> scale = tf.reshape(dense(tf, "block" + b + ".scale", activeEmb), perSample);
            Operand<TFloat32> shift = tf.reshape(dense(tf, "block" + b + ".shift", activeEmb), perSample);
            h = tf.math.add(tf.math.add(h, tf.math.mul(h, scale)), shift);
            Operand<TFloat32> down = conv(tf, "block" + b + ".down", h, 2);
            if (config.minibatchStd() && b == config.blocks() - 1) {
                Operand<TFloat32> spread = minibatchStd(tf, h, labels, config.numClasses());
                down = tf.math.add(down, conv2d(tf, spread, parameters.get("block" + b + ".down.std.w"), 2));
            }
            h = leaky(tf, down);
            h = leaky(tf, conv(tf, "block" + b + ".conv", h, 1));
            in = config.width(b);
        }
        Operand<TFloat32> phi = tf.math.mean(h, tf.constant(new int[] {1, 2}));
        Operand<TFloat32> logits = tf.reshape(dense(tf, "out", phi), tf.constant(new int[] {-1}));
        if (config.conditional()) {
            Operand<TFloat32> embedded = tf.gather(parameters.get("class.embed"), labels, tf.constant(0));
            logits = tf.math.add(logits, tf.reduceSum(tf.math.mul(embedded, phi), tf.constant(1)));
        }
        return logits;
    }

    /**
     * The minibatch standard-deviation map of {@code h [N, s, s, K]}: {@code sqrt(var + 1e-8)} over the batch,
     * averaged over the K channels, {@code [1, s, s, 1]}. With class labels the variance is taken WITHIN classes:
     * every sample is centred on the batch mean of its own class, so the feature measures the diversity that a
     * class-conditional generator can lose (in a batch of mixed classes the plain batch spread is dominated by the
     * differences between the classes, which a collapsed generator still reproduces).
     *
     * @param labels {@code [N]} class labels, or null to centre on the whole batch's mean
     */
    static Operand<TFloat32> minibatchStd(Ops tf, Operand<TFloat32> h, Operand<TInt32> labels, int numClasses) {
        Operand<TInt32> batchAxis = tf.constant(new int[] {0});
        Operand<TFloat32> centred;
        if (labels == null) {
            centred = tf.math.sub(h, tf.math.mean(h, batchAxis, Mean.keepDims(true)));
        } else {
            // P[i, j] = 1 / n(c_i) if c_j = c_i else 0, so (P h)_i is the mean of sample i's class in the batch
            Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(numClasses), tf.constant(1f), tf.constant(0f));
            Operand<TFloat32> counts = tf.math.maximum(tf.reduceSum(oneHot, batchAxis), tf.constant(1f));
            Operand<TFloat32> share = tf.linalg.matMul(oneHot, tf.math.div(oneHot, counts),
                    org.tensorflow.op.linalg.MatMul.transposeB(true));
            long perSample = 1;
            for (int i = 1; i < h.shape().numDimensions(); i++) {
                perSample *= h.shape().size(i);
            }
            if (perSample <= 0) {
                throw new IllegalArgumentException("minibatch std: the feature map " + h.shape()
                        + " needs a static size per sample");
            }
            Operand<TInt32> shape = tf.shape(h);
            Operand<TFloat32> flat = tf.reshape(h, tf.constant(new int[] {-1, (int) perSample}));
            centred = tf.math.sub(h, tf.reshape(tf.linalg.matMul(share, flat), shape));
        }
        Operand<TFloat32> variance = tf.math.mean(tf.math.square(centred), batchAxis, Mean.keepDims(true));
        // pow(., 0.5), not sqrt: the R1 penalty differentiates this twice and SqrtGrad has no gradient in TF Java 1.1.0
        Operand<TFloat32> std = tf.math.pow(tf.math.add(variance, tf.constant(STD_EPSILON)), tf.constant(0.5f));
        return tf.math.mean(std, tf.constant(new int[] {3}), Mean.keepDims(true));
    }

    /** {@code [1, E]}: sines then cosines of {@code 1000 t * 10000^(-i / (E/2))}, computed in double. */
    private Operand<TFloat32> sinusoid(Ops tf, double t) {
        int half = config.embeddingDim() / 2;
        float[][] values = new float[1][2 * half];
        for (int i = 0; i < half; i++) {
            double arg = TIME_SCALE * t * Math.exp(-Math.log(MAX_PERIOD) * i / half);
            values[0][i] = (float) Math.sin(arg);
            values[0][half + i] = (float) Math.cos(arg);
        }
        return tf.constant(values);
    }

    private Operand<TFloat32> dense(Ops tf, String name, Operand<TFloat32> x) {
        return tf.nn.biasAdd(tf.linalg.matMul(x, parameters.get(name + ".w")), parameters.get(name + ".b"));
    }

    private Operand<TFloat32> conv(Ops tf, String name, Operand<TFloat32> x, int stride) {
        return tf.nn.biasAdd(conv2d(tf, x, parameters.get(name + ".w"), stride), parameters.get(name + ".b"));
    }

    private static Operand<TFloat32> conv2d(Ops tf, Operand<TFloat32> x, Operand<TFloat32> w, int stride) {
        return tf.nn.conv2d(x, w, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
    }

    private Operand<TFloat32> leaky(Ops tf, Operand<TFloat32> x) {
        return tf.math.maximum(x, tf.math.mul(x, tf.constant((float) config.leakySlope())));
    }
}
