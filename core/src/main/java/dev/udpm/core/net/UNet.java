package dev.udpm.core.net;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import dev.udpm.core.math.Schedule;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The one network shared by every UDPM step (docs/method.md#4-network-and-training): a fully convolutional U-Net with
 * group norm, SiLU, residual blocks that add the (time + class) embedding, optional self-attention at the
 * lowest resolution, and a depth-to-space output that doubles the resolution.
 *
 * <pre>
 *   f = net(x_l, t_l, y):  [N, s, s, C] -&gt; [N, 2s, 2s, C]   the estimate of H^{l-1} x_0
 * </pre>
 *
 * <p>Variables and application are separate: {@link #create} makes the variables once ({@link NetworkParameters});
 * {@link #apply} adds a forward pass that reads them and may be called any number of times, at any input size
 * that is a multiple of {@link UNetConfig#minInputSize()} (4x4, 8x8 and 16x16 with the defaults), always with the
 * same variables. {@link #withParameters} drives the same architecture with another variable set (an EMA copy).
 */
public final class UNet {

    private final UNetConfig config;
    private final UNetPlan plan;
    private final NetworkParameters parameters;

    private UNet(UNetConfig config, UNetPlan plan, NetworkParameters parameters) {
        this.config = config;
        this.plan = plan;
        this.parameters = parameters;
    }

    /** The parameter list of a network with this configuration, in creation order (no graph needed). */
    public static List<ParameterSpec> parameterSpecs(UNetConfig config) {
        return UNetPlan.of(config).parameterSpecs(config);
    }

    /** Creates the variables of a new network in {@code tf}'s graph, initialised deterministically from {@code seed}. */
    public static UNet create(Ops tf, UNetConfig config, long seed) {
        return create(tf, config, seed, "");
    }

    /** As {@link #create(Ops, UNetConfig, long)} with every variable op name prefixed by {@code prefix}. */
    public static UNet create(Ops tf, UNetConfig config, long seed, String prefix) {
        UNetPlan plan = UNetPlan.of(config);
        return new UNet(config, plan, NetworkParameters.create(tf, plan.parameterSpecs(config), seed, prefix));
    }

    /**
     * The same architecture driven by {@code parameters} (for example {@code net.parameters().zerosCopy(tf, "ema.")}).
     *
     * @throws IllegalArgumentException if the parameter list is not this configuration's
     */
    public static UNet withParameters(UNetConfig config, NetworkParameters parameters) {
        UNetPlan plan = UNetPlan.of(config);
        if (!plan.parameterSpecs(config).equals(parameters.specs())) {
            throw new IllegalArgumentException("parameters (prefix '" + parameters.prefix()
                    + "') were not created for this network configuration " + config);
        }
        return new UNet(config, plan, parameters);
    }

    public UNetConfig config() {
        return config;
    }

    public NetworkParameters parameters() {
        return parameters;
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        return parameters.parameterCount();
    }

    /**
     * Adds one forward pass to the graph.
     *
     * @param x {@code [N, s, s, C]} float32, s a multiple of {@link UNetConfig#minInputSize()} (dynamic N and s allowed)
     * @param t step times {@code [N]} or {@code [1]} (broadcast over the batch)
     * @param labels class labels {@code [N]} int32 in {@code 0..numClasses-1}; ignored, may be null, when unconditional
     * @return {@code [N, 2s, 2s, C]}
     */
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> t, Operand<TInt32> labels) {
        checkInput(x);
        Operand<TFloat32> siluEmb = Layers.silu(tf, Embedding.apply(tf, parameters, config, t, labels));
        int groups = config.groupNormGroups();
        Deque<Operand<TFloat32>> skips = new ArrayDeque<>();
        Operand<TFloat32> h = x;
        for (UNetPlan.Block b : plan.blocks()) {
            h = switch (b.kind()) {
                case CONV_IN -> Layers.conv(tf, parameters, b.name(), h, 1);
                case RES -> {
                    Operand<TFloat32> in = b.skipIn() > 0 ? tf.concat(List.of(h, skips.pop()), tf.constant(3)) : h;
                    yield Layers.resBlock(tf, parameters, b.name(), in, siluEmb, b.in() + b.skipIn(), b.out(), groups);
                }
                case ATTENTION -> Layers.attention(tf, parameters, b.name(), h, b.in(), groups);
                case DOWN -> Layers.conv(tf, parameters, b.name(), h, 2);
                case UP -> Layers.conv(tf, parameters, b.name(), upsample(tf, h), 1);
                case OUT -> tf.nn.depthToSpace(Layers.conv(tf, parameters, b.name() + ".conv",
                        Layers.silu(tf, Layers.groupNorm(tf, parameters, b.name() + ".norm", h, b.in(), groups)), 1),
                        2L);
            };
            if (b.pushesSkip()) {
                skips.push(h);
            }
        }
        return h;
    }

    /**
     * The network at step {@code l} of the chain: {@code f = net(x_l, t_l, y)} with {@code t_l = (l - 0.5) / L}
     * from {@code schedule}. Sampler and trainer both call this, so they condition identically.
     */
    public Operand<TFloat32> applyAtLevel(Ops tf, Schedule schedule, int l, Operand<TFloat32> xl,
            Operand<TInt32> labels) {
        float t = (float) schedule.timeCondition(l);
        return apply(tf, xl, tf.constant(new float[] {t}), labels);
    }

    private void checkInput(Operand<TFloat32> x) {
        Shape shape = x.shape();
        if (shape.isUnknown()) {
            return;
        }
        if (shape.numDimensions() != 4) {
            throw new IllegalArgumentException("unet input must be NHWC [N, s, s, C], got shape " + shape);
        }
        long channels = shape.get(3);
        if (channels != Shape.UNKNOWN_SIZE && channels != config.imageChannels()) {
            throw new IllegalArgumentException("unet input has " + channels + " channels, the network expects "
                    + config.imageChannels());
        }
        for (int axis = 1; axis <= 2; axis++) {
            long size = shape.get(axis);
            if (size != Shape.UNKNOWN_SIZE && size % config.minInputSize() != 0) {
                throw new IllegalArgumentException("unet input side " + size + " is not a multiple of "
                        + config.minInputSize() + " (2^(resolutions - 1) for " + config.resolutions() + " resolutions)");
            }
        }
    }

    private static Operand<TFloat32> upsample(Ops tf, Operand<TFloat32> h) {
        Operand<TInt32> spatial = tf.stridedSlice(tf.shape(h), tf.constant(new int[] {1}), tf.constant(new int[] {3}),
                tf.constant(new int[] {1}));
        return tf.image.resizeNearestNeighbor(h, tf.math.mul(spatial, tf.constant(2)));
    }
}
