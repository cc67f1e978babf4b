package dev.udpm.core.net;

import java.util.ArrayList;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The conditioning embedding of the UDPM network (docs/method.md#4-network-and-training): a sinusoidal embedding
 * of the step time {@code t_l = (l - 0.5) / L} followed by two dense layers, plus, for a conditional network, a
 * linear map of the class one-hot scaled by {@code sqrt(numClasses)}, added to it.
 */
final class Embedding {

    /** {@code t} is multiplied by this before the sinusoids (t lies in (0, 1)). */
    static final double TIME_SCALE = 1000.0;
    private static final double MAX_PERIOD = 10000.0;

    private Embedding() {
    }

    static List<ParameterSpec> specs(UNetConfig c) {
        int e = c.embeddingDim();
        List<ParameterSpec> specs = new ArrayList<>();
        specs.addAll(Layers.denseSpecs("emb.time0", e, e, true));
        specs.addAll(Layers.denseSpecs("emb.time1", e, e, true));
        if (c.conditional()) {
            specs.addAll(Layers.denseSpecs("emb.class", c.numClasses(), e, false));
        }
        return specs;
    }

    /**
     * The embedding {@code [N, E]} (or {@code [1, E]} when both {@code t} has one entry and the network is
     * unconditional).
     *
     * @param t step times, {@code [N]} or {@code [1]}
     * @param labels class labels {@code [N]} int32 in {@code 0..numClasses-1}; ignored (may be null) when unconditional
     */
    static Operand<TFloat32> apply(Ops tf, NetworkParameters p, UNetConfig c, Operand<TFloat32> t,
            Operand<TInt32> labels) {
        int half = c.embeddingDim() / 2;
        float[] frequencies = new float[half];
        for (int i = 0; i < half; i++) {
            frequencies[i] = (float) Math.exp(-Math.log(MAX_PERIOD) * i / half);
        }
        Operand<TFloat32> column = tf.math.mul(tf.reshape(t, tf.constant(new int[] {-1, 1})),
                tf.constant((float) TIME_SCALE));
        Operand<TFloat32> args = tf.math.mul(column, tf.reshape(tf.constant(frequencies), tf.constant(new int[] {1, half})));
        Operand<TFloat32> sinusoid = tf.concat(List.of(tf.math.sin(args), tf.math.cos(args)), tf.constant(1));
        Operand<TFloat32> h = Layers.dense(tf, p, "emb.time1",
                Layers.silu(tf, Layers.dense(tf, p, "emb.time0", sinusoid, true)), true);
        if (c.conditional()) {
            if (labels == null) {
                throw new IllegalArgumentException("conditional network (numClasses = " + c.numClasses()
                        + ") needs class labels");
            }
            Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(c.numClasses()),
                    tf.constant((float) Math.sqrt(c.numClasses())), tf.constant(0f));
            h = tf.math.add(h, Layers.dense(tf, p, "emb.class", oneHot, false));
        }
        return h;
    }
}
