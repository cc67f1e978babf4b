package dev.udpm.core.train;

import dev.udpm.core.math.Schedule;
import dev.udpm.core.net.NetworkParameters;
import dev.udpm.core.net.ParameterSpec;
import dev.udpm.core.tf.DegradationOps;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The UDPM discriminator (docs/method.md#4-network-and-training; DDGAN-style, Xiao et al. 2022): a conditional critic
 * {@code D(x_{l-1}, x_l, t_l, y) -> logit} that judges whether a candidate for {@code x_{l-1}} (the target
 * {@code H^(l-1) x_0 / 2^(l-1)} or the network's prediction, both on the [-1, 1] scale) fits the conditioning
 * {@code x_l}, at level {@code t_l = (l - 0.5) / L} and, for a class-conditional model, class {@code y}.
 *
 * <pre>
 *   u      = conditioning(x_l) = 2 H^T x_l / sqrt((alphaBar_l 2^l)^2 + sigmaBarSq_l)     [N, 2s, 2s, C]
 *   e      = dense(leaky(dense(sinusoid(1000 t_l))))                                  [1, E]
 *   h      = leaky(conv3x3([candidate, u]))                                           [N, 2s, 2s, w_in]
 *   block: h = h + dense_b(e);  h = leaky(conv3x3 stride 2 (h));  h = leaky(conv3x3(h))   (halves the side)
 *   phi    = mean over space of h                                                     [N, w_last]
 *   D      = phi w_out + b_out + &lt;embed(y), phi&gt;    (projection discriminator, Miyato &amp; Koyama 2018)   [N]
 * </pre>
 * The conditioning is nearest-upsampled ({@code 2 H^T}) to the candidate's size and divided by the marginal's
 * typical scale (the std of {@code x_l} for a unit-variance signal), so every level presents inputs of similar
 * magnitude. The network is fully convolutional with global average pooling, so ONE set of weights serves every
 * level (8x8, 16x16 and 32x32 candidates for a 32x32 model).
 *
 * <p>Only convolution, bias-add, leaky ReLU, add, mean, matMul, gather and multiply act on the candidate: all
 * have second-order gradients in TensorFlow Java 1.1.0's C++ registry (probed: {@code AvgPoolGrad},
 * {@code SigmoidGrad}, {@code ReluGrad}, {@code SoftplusGrad} and {@code OnesLike} have none), so the exact R1
 * penalty {@code ||grad_x D||^2} can be differentiated w.r.t. the weights (double backprop).
 *
 * <p>Variables are named {@value #PREFIX}{@code <spec name>} ({@code disc.in.w}, {@code disc.block0.down.w}, ...),
 * seeded as in {@link NetworkParameters}.
 */
public final class Discriminator {

    /** Prefix of every variable name. */
    public static final String PREFIX = "disc.";

    private static final double TIME_SCALE = 1000.0;
    private static final double MAX_PERIOD = 10000.0;

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
        conv(specs, "in", 3, 2 * c.imageChannels(), c.baseWidth(), leakyGain);
        int in = c.baseWidth();
        for (int b = 0; b < c.blocks(); b++) {
            int out = c.width(b);
            dense(specs, "block" + b + ".emb", e, in, 1.0);
            conv(specs, "block" + b + ".down", 3, in, out, leakyGain);
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
     * The conditioning input {@code u = 2 H^T x_l / sqrt((alphaBar_l 2^l)^2 + sigmaBarSq_l)}: {@code x_l}
     * nearest-upsampled to the candidate's size ({@code 2 H^T} copies each pixel into its 2x2 block) and brought
     * to about unit scale ({@code H^l} multiplies a constant image by {@code 2^l}).
     *
     * @param xl {@code [N, s, s, C]}
     * @return {@code [N, 2s, 2s, C]}
     */
    public static Operand<TFloat32> conditioning(Ops tf, Schedule schedule, int l, Operand<TFloat32> xl) {
        double signal = schedule.alphaBar(l) * Math.pow(2, l);
        double scale = 2.0 / Math.sqrt(signal * signal + schedule.sigmaBarSq(l));
        return tf.math.mul(DegradationOps.applyHTranspose(tf, xl), tf.constant((float) scale));
    }

    /**
     * The logits {@code D(candidate, u, t, y)}.
     *
     * @param candidate {@code [N, S', S', C]}, on the [-1, 1] scale
     * @param conditioning {@code [N, S', S', C]} from {@link #conditioning}
     * @param t the level's time {@code t_l} ({@link Schedule#timeCondition})
     * @param labels {@code [N]} int32 class labels; ignored (may be null) when unconditional
     * @return {@code [N]}
     */
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> candidate, Operand<TFloat32> conditioning, double t,
            Operand<TInt32> labels) {
        Operand<TFloat32> emb = dense(tf, "emb.time1", leaky(tf, dense(tf, "emb.time0", sinusoid(tf, t))));
        Operand<TFloat32> h = leaky(tf, conv(tf, "in", tf.concat(List.of(candidate, conditioning), tf.constant(3)), 1));
        int in = config.baseWidth();
        for (int b = 0; b < config.blocks(); b++) {
            Operand<TFloat32> bias = tf.reshape(dense(tf, "block" + b + ".emb", emb), tf.constant(new int[] {1, 1, 1, in}));
            h = tf.math.add(h, bias);
            h = leaky(tf, conv(tf, "block" + b + ".down", h, 2));
            h = leaky(tf, conv(tf, "block" + b + ".conv", h, 1));
            in = config.width(b);
        }
        Operand<TFloat32> phi = tf.math.mean(h, tf.constant(new int[] {1, 2}));
        Operand<TFloat32> logits = tf.reshape(dense(tf, "out", phi), tf.constant(new int[] {-1}));
        if (config.conditional()) {
            if (labels == null) {
                throw new IllegalArgumentException("conditional discriminator (numClasses = " + config.numClasses()
                        + ") needs class labels");
            }
            Operand<TFloat32> embedded = tf.gather(parameters.get("class.embed"), labels, tf.constant(0));
            logits = tf.math.add(logits, tf.reduceSum(tf.math.mul(embedded, phi), tf.constant(1)));
        }
        return logits;
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
        List<Long> strides = List.of(1L, (long) stride, (long) stride, 1L);
        return tf.nn.biasAdd(tf.nn.conv2d(x, parameters.get(name + ".w"), strides, "SAME"), parameters.get(name + ".b"));
    }

    private Operand<TFloat32> leaky(Ops tf, Operand<TFloat32> x) {
        return tf.math.maximum(x, tf.math.mul(x, tf.constant((float) config.leakySlope())));
    }
}
