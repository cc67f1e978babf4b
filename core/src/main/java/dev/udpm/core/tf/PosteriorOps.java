package dev.udpm.core.tf;

import dev.udpm.core.math.PosteriorMode;
import dev.udpm.core.math.Schedule;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The reverse step of UDPM as graph ops: the posterior {@code q(x_{l-1} | x_l, x_0)} of paper eqs. 11-12
 * with {@code x_0} entering through {@code f}, the network's estimate of {@code H^{l-1} x_0}
 * (docs/method.md#3-posterior). The weights come from {@link PosteriorWeights} (double precision) and enter
 * the graph as float32 constants.
 *
 * <p>Shapes: {@code x_l} is {@code [N, s, s, C]}; {@code f}, {@code z} and the result are {@code [N, 2s, 2s, C]}.
 */
public final class PosteriorOps {

    private PosteriorOps() {
    }

    /**
     * A draw {@code x_{l-1} = mu + Sigma^(1/2) z} ({@code z ~ N(0, I)}), in the given mode.
     *
     * @param l the level being left, {@code 1..L}; at {@code l = 1} the result is {@code f} itself (the limit
     *     {@code x_0 = f}, no noise)
     */
    public static Operand<TFloat32> posteriorSample(Ops tf, Schedule schedule, PosteriorMode mode, int l,
            Operand<TFloat32> xl, Operand<TFloat32> f, Operand<TFloat32> z) {
        return combine(tf, PosteriorWeights.of(schedule, mode, l), xl, f, z);
    }

    /**
     * The posterior mean {@code mu} (the draw with {@code z = 0}).
     *
     * @param l the level being left, {@code 1..L}
     */
    public static Operand<TFloat32> posteriorMean(Ops tf, Schedule schedule, PosteriorMode mode, int l,
            Operand<TFloat32> xl, Operand<TFloat32> f) {
        return combine(tf, PosteriorWeights.of(schedule, mode, l), xl, f, null);
    }

    private static Operand<TFloat32> combine(Ops tf, PosteriorWeights w, Operand<TFloat32> xl, Operand<TFloat32> f,
            Operand<TFloat32> z) {
        if (w.hTransposeX() == 0.0 && w.z() == 0.0 && w.f() == 1.0 && !w.usesProjection()) {
            return f; // l = 1: x_0 = f
        }
        Operand<TFloat32> result = tf.math.add(
                scale(tf, DegradationOps.applyHTranspose(tf, xl), w.hTransposeX()),
                scale(tf, f, w.f()));
        if (z != null) {
            result = tf.math.add(result, scale(tf, z, w.z()));
        }
        if (w.usesProjection()) {
            Operand<TFloat32> inner = scale(tf, f, w.qf());
            if (z != null) {
                inner = tf.math.add(inner, scale(tf, z, w.qz()));
            }
            result = tf.math.add(result, DegradationOps.applyProjection(tf, inner));
        }
        return result;
    }

    private static Operand<TFloat32> scale(Ops tf, Operand<TFloat32> x, double weight) {
        return tf.math.mul(x, tf.constant((float) weight));
    }
}
