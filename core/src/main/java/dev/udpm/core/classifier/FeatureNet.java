package dev.udpm.core.classifier;

import java.util.ArrayList;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The project's own evaluation and perceptual network (no downloaded VGG/LPIPS weights exist here,
 * docs/method.md#4-network-and-training): a small CNN classifier whose penultimate activations are the features of the
 * Frechet distance (FD) and whose block activations give a perceptual distance in the manner of LPIPS.
 *
 * <p>Architecture ({@link FeatureNetConfig}): for each block {@code b = 1..B}:
 * {@code a_b = SiLU(conv_b(h_{b-1}) + bias_b)} of shape {@code [N, S/2^(b-1), S/2^(b-1), C_b]}, then
 * {@code h_b = avgpool_2x2(a_b)}; {@code features = SiLU(flatten(h_B) W_fc + b_fc)} of shape {@code [N, F]};
 * {@code logits = features W_logits + b_logits} of shape {@code [N, K]}. Inputs are NHWC images in [-1, 1].
 *
 * <p>Variables are created once, by {@link #create}, with flat names {@code cls.conv1.w}, {@code cls.conv1.b},
 * ..., {@code cls.fc.w}, {@code cls.fc.b}, {@code cls.logits.w}, {@code cls.logits.b} (see
 * {@link #variableNames()}); every call of {@link #features}, {@link #logits} or
 * {@link #perceptualFeatures} adds ops that share them, so the same net can score several inputs of one
 * graph (for instance prediction and target of a perceptual loss). Weights start He-normal
 * ({@code std = sqrt(2 / fanIn)}) from a stateless generator keyed by {@code (seed, variable index)}, biases at
 * zero: the same seed gives the same initial weights in every graph and JVM. {@link FeatureNetCheckpoint}
 * saves and restores exactly these variables by name.
 *
 * <p>Inside a larger training graph the net is meant to stay frozen: framework optimizers differentiate
 * w.r.t. every graph variable (docs/tensorflow.md#explicit-gradients), so exclude {@link #variables()} from the
 * trained list there.
 */
public final class FeatureNet {

    /** Prefix of every variable name. */
    public static final String NAME_PREFIX = "cls";

    /**
     * {@code epsilon} in the channel normalisation {@code a / sqrt(sum_c a^2 + epsilon)} of
     * {@link #perceptualFeatures}: keeps the gradient bounded ({@code <= epsilon^-1/2}) for all-zero activations.
     */
    public static final float NORMALISE_EPSILON = 1e-6f;

    private final FeatureNetConfig config;
    private final List<Variable<TFloat32>> convWeights;
    private final List<Variable<TFloat32>> convBiases;
    private final Variable<TFloat32> fcWeight;
    private final Variable<TFloat32> fcBias;
    private final Variable<TFloat32> logitsWeight;
    private final Variable<TFloat32> logitsBias;
    private final List<Variable<TFloat32>> variables;
    private final List<String> variableNames;

    private FeatureNet(FeatureNetConfig config, List<Variable<TFloat32>> convWeights,
                       List<Variable<TFloat32>> convBiases, Variable<TFloat32> fcWeight, Variable<TFloat32> fcBias,
                       Variable<TFloat32> logitsWeight, Variable<TFloat32> logitsBias, List<String> names) {
        this.config = config;
        this.convWeights = List.copyOf(convWeights);
        this.convBiases = List.copyOf(convBiases);
        this.fcWeight = fcWeight;
        this.fcBias = fcBias;
        this.logitsWeight = logitsWeight;
        this.logitsBias = logitsBias;
        List<Variable<TFloat32>> all = new ArrayList<>();
        for (int b = 0; b < convWeights.size(); b++) {
            all.add(convWeights.get(b));
            all.add(convBiases.get(b));
        }
        all.addAll(List.of(fcWeight, fcBias, logitsWeight, logitsBias));
        this.variables = List.copyOf(all);
        this.variableNames = List.copyOf(names);
    }

    /**
     * Creates the net's variables (with their initialisers) in the graph of {@code tf}.
     *
     * @param tf the graph's root {@code Ops} (no sub-scope: the variable names must stay flat)
     * @param seed seed of the initial weights
     * @throws IllegalArgumentException if the graph already holds a variable of that name
     */
    public static FeatureNet create(Ops tf, FeatureNetConfig config, long seed) {
        VariableFactory factory = new VariableFactory(tf, seed);
        List<Variable<TFloat32>> weights = new ArrayList<>();
        List<Variable<TFloat32>> biases = new ArrayList<>();
        int k = config.kernelSize();
        int in = config.channels();
        for (int b = 0; b < config.blocks(); b++) {
            int out = config.blockChannels().get(b);
            String name = NAME_PREFIX + ".conv" + (b + 1);
            weights.add(factory.heNormal(name + ".w", Shape.of(k, k, in, out), k * k * in));
            biases.add(factory.zeros(name + ".b", out));
            in = out;
        }
        Variable<TFloat32> fcW = factory.heNormal(NAME_PREFIX + ".fc.w",
                Shape.of(config.flattenedSize(), config.featureDim()), config.flattenedSize());
        Variable<TFloat32> fcB = factory.zeros(NAME_PREFIX + ".fc.b", config.featureDim());
        Variable<TFloat32> outW = factory.heNormal(NAME_PREFIX + ".logits.w",
                Shape.of(config.featureDim(), config.numClasses()), config.featureDim());
        Variable<TFloat32> outB = factory.zeros(NAME_PREFIX + ".logits.b", config.numClasses());
        return new FeatureNet(config, weights, biases, fcW, fcB, outW, outB, factory.names);
    }

    /** The architecture. */
    public FeatureNetConfig config() {
        return config;
    }

    /** Every variable, in the fixed order conv1.w, conv1.b, ..., fc.w, fc.b, logits.w, logits.b. */
    public List<Variable<TFloat32>> variables() {
        return variables;
    }

    /** The variables' graph names, in the order of {@link #variables()}. */
    public List<String> variableNames() {
        return variableNames;
    }

    /** Total number of trainable scalars. */
    public long parameterCount() {
        long total = 0;
        for (Variable<TFloat32> v : variables) {
            total += v.shape().size();
        }
        return total;
    }

    /**
     * The penultimate features {@code SiLU(flatten(h_B) W_fc + b_fc)}: the space of the Frechet distance.
     *
     * @param x images {@code [N, S, S, C]} in [-1, 1]
     * @return {@code [N, featureDim]}
     */
    public Operand<TFloat32> features(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> h = x;
        for (Operand<TFloat32> a : blockActivations(tf, x)) {
            h = pool(tf, a);
        }
        Operand<TFloat32> flat = tf.reshape(h, tf.array(-1, config.flattenedSize()));
        return silu(tf, tf.nn.biasAdd(tf.linalg.matMul(flat, fcWeight), fcBias));
    }

    /**
     * The class logits {@code features W_logits + b_logits}.
     *
     * @param x images {@code [N, S, S, C]} in [-1, 1]
     * @return {@code [N, numClasses]}
     */
    public Operand<TFloat32> logits(Ops tf, Operand<TFloat32> x) {
        return logitsFromFeatures(tf, features(tf, x));
    }

    /**
     * The logits from already computed {@link #features} (saves a second forward pass when both are needed).
     *
     * @param features {@code [N, featureDim]}
     * @return {@code [N, numClasses]}
     */
    public Operand<TFloat32> logitsFromFeatures(Ops tf, Operand<TFloat32> features) {
        return tf.nn.biasAdd(tf.linalg.matMul(features, logitsWeight), logitsBias);
    }

    /**
     * The per-block activations, each unit-normalised across channels at every pixel (LPIPS, Zhang et al. 2018,
     * eq. 1): {@code f_b = a_b / sqrt(sum_c a_b^2 + epsilon)} with {@code a_b} the SiLU output of block {@code b}
     * before pooling. Element {@code b-1} has shape {@code [N, S/2^(b-1), S/2^(b-1), C_b]}.
     *
     * <p>The perceptual distance is the squared L2 distance of these features, averaged over pixels and summed
     * over blocks (LPIPS with all channel weights {@code w_b = 1}); {@link #perceptualDistance} builds it.
     */
    public List<Operand<TFloat32>> perceptualFeatures(Ops tf, Operand<TFloat32> x) {
        List<Operand<TFloat32>> out = new ArrayList<>();
        Operand<TFloat32> epsilon = tf.constant(NORMALISE_EPSILON);
        for (Operand<TFloat32> a : blockActivations(tf, x)) {
            Operand<TFloat32> sumSq = tf.reduceSum(tf.math.square(a), tf.constant(3),
                    org.tensorflow.op.core.ReduceSum.keepDims(true));
            out.add(tf.math.mul(a, tf.math.rsqrt(tf.math.add(sumSq, epsilon))));
        }
        return out;
    }

    /**
     * The perceptual distance per image: {@code d(x, y) = sum_b mean_{h,w} sum_c (f_b(x) - f_b(y))^2} with
     * {@code f_b} from {@link #perceptualFeatures}. Zero iff the normalised activations agree; each block adds at
     * most 4 (a squared distance of two unit vectors). Differentiable in {@code x} and {@code y}: average it over
     * the batch for a perceptual loss.
     *
     * @param x images {@code [N, S, S, C]} in [-1, 1]
     * @param y images {@code [N, S, S, C]} in [-1, 1]
     * @return {@code [N]}
     */
    public Operand<TFloat32> perceptualDistance(Ops tf, Operand<TFloat32> x, Operand<TFloat32> y) {
        List<Operand<TFloat32>> fx = perceptualFeatures(tf, x);
        List<Operand<TFloat32>> fy = perceptualFeatures(tf, y);
        Operand<TFloat32> total = null;
        for (int b = 0; b < fx.size(); b++) {
            Operand<TFloat32> perPixel = tf.reduceSum(tf.math.squaredDifference(fx.get(b), fy.get(b)),
                    tf.constant(3));
            Operand<TFloat32> level = tf.math.mean(perPixel, tf.constant(new int[] {1, 2}));
            total = total == null ? level : tf.math.add(total, level);
        }
        return total;
    }

    /** {@code a_b = SiLU(conv_b(h_{b-1}) + bias_b)} for every block, {@code h_b = pool(a_b)}. */
    private List<Operand<TFloat32>> blockActivations(Ops tf, Operand<TFloat32> x) {
        checkInputShape(x);
        List<Operand<TFloat32>> activations = new ArrayList<>();
        Operand<TFloat32> h = x;
        for (int b = 0; b < config.blocks(); b++) {
            Operand<TFloat32> conv = tf.nn.conv2d(h, convWeights.get(b), List.of(1L, 1L, 1L, 1L), "SAME");
            Operand<TFloat32> a = silu(tf, tf.nn.biasAdd(conv, convBiases.get(b)));
            activations.add(a);
            h = pool(tf, a);
        }
        return activations;
    }

    private static Operand<TFloat32> pool(Ops tf, Operand<TFloat32> a) {
        return tf.nn.avgPool(a, List.of(1L, 2L, 2L, 1L), List.of(1L, 2L, 2L, 1L), "VALID");
    }

    /** SiLU(x) = x * sigmoid(x). */
    private static Operand<TFloat32> silu(Ops tf, Operand<TFloat32> x) {
        return tf.math.mul(x, tf.math.sigmoid(x));
    }

    private void checkInputShape(Operand<TFloat32> x) {
        Shape shape = x.shape();
        if (shape.isUnknown()) {
            return;
        }
        long[] expected = {config.imageSize(), config.imageSize(), config.channels()};
        boolean ok = shape.numDimensions() == 4;
        for (int i = 0; ok && i < 3; i++) {
            long d = shape.get(i + 1);
            ok = d == Shape.UNKNOWN_SIZE || d == expected[i];
        }
        if (!ok) {
            throw new IllegalArgumentException("FeatureNet input has shape " + shape + " but the config expects"
                    + " [N, " + expected[0] + ", " + expected[1] + ", " + expected[2] + "] (NHWC)");
        }
    }

    /** Creates named variables with seeded initial values in the graph's init scope. */
    private static final class VariableFactory {
        private final Ops tf;
        private final Ops init;
        private final long seed;
        private final List<String> names = new ArrayList<>();

        VariableFactory(Ops tf, long seed) {
            this.tf = tf;
            this.init = tf.withInitScope();
            this.seed = seed;
        }

        Variable<TFloat32> heNormal(String name, Shape shape, long fanIn) {
            long index = names.size();
            Operand<TFloat32> normal = init.random.statelessRandomNormal(init.constant(shape.asArray()),
                    init.constant(new long[] {seed, index}));
            float std = (float) Math.sqrt(2.0 / fanIn);
            return named(name, init.math.mul(normal, init.constant(std)));
        }

        Variable<TFloat32> zeros(String name, int length) {
            return named(name, init.constant(new float[length]));
        }

        private Variable<TFloat32> named(String name, Operand<TFloat32> initialValue) {
            if (tf.scope().env() instanceof org.tensorflow.Graph graph && graph.operation(name) != null) {
                throw new IllegalArgumentException("the graph already holds an operation named '" + name
                        + "': a graph holds at most one FeatureNet (its variable names are fixed)");
            }
            names.add(name);
            return tf.withName(name).variable(initialValue);
        }
    }
}
