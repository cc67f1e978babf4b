package dev.udpm.core.tf;

import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The degradation operator {@code H} of UDPM and its relatives as TensorFlow graph ops
 * (docs/method.md#1-operator-h; paper section 3, "blur then subsample" with a 2x2 box of taps 1/2).
 *
 * <p>All tensors are NHWC float32 {@code [N, H, W, C]}; the operator acts on every channel separately.
 * Spatial sizes may be dynamic ({@code -1}) except where a method says otherwise; they must be even
 * (divisible by {@code 2^l} for {@link #applyHPower}). Every op here is differentiable, so the trainer
 * can use them inside a training graph.
 */
public final class DegradationOps {

    private DegradationOps() {
    }

    /**
     * {@code H x}: the sum of every non-overlapping 2x2 block times 1/2, i.e. {@code 2 * avgPool2x2(x)}.
     *
     * @param x {@code [N, H, W, C]}, H and W even
     * @return {@code [N, H/2, W/2, C]}
     */
    public static Operand<TFloat32> applyH(Ops tf, Operand<TFloat32> x) {
        return applyHPower(tf, x, 1);
    }

    /**
     * {@code H^T y}: every pixel copied into its 2x2 block times 1/2 (nearest-neighbour upsampling / 2).
     * The adjoint of {@link #applyH}: {@code <H x, y> = <x, H^T y>} and {@code H H^T = I}.
     *
     * @param y {@code [N, h, w, C]}
     * @return {@code [N, 2h, 2w, C]}
     */
    public static Operand<TFloat32> applyHTranspose(Ops tf, Operand<TFloat32> y) {
        Operand<TInt32> spatial = tf.stridedSlice(tf.shape(y), tf.constant(new int[] {1}), tf.constant(new int[] {3}),
                tf.constant(new int[] {1}));
        Operand<TInt32> doubled = tf.math.mul(spatial, tf.constant(2));
        return tf.math.mul(tf.image.resizeNearestNeighbor(y, doubled), tf.constant(0.5f));
    }

    /**
     * {@code H^l x = 2^l * avgPool(2^l)(x)}: l applications of {@link #applyH} as one op.
     * {@code l = 0} returns {@code x} itself.
     *
     * @param x {@code [N, H, W, C]} with H and W divisible by {@code 2^l}
     * @param l the power, {@code 0 <= l <= 30}
     * @return {@code [N, H/2^l, W/2^l, C]}
     */
    public static Operand<TFloat32> applyHPower(Ops tf, Operand<TFloat32> x, int l) {
        if (l < 0 || l > 30) {
            throw new IllegalArgumentException("power of H must be in 0..30, got l = " + l);
        }
        if (l == 0) {
            return x;
        }
        long factor = 1L << l;
        List<Long> window = List.of(1L, factor, factor, 1L);
        return tf.math.mul(tf.nn.avgPool(x, window, window, "VALID"), tf.constant((float) factor));
    }

    /**
     * {@code Q x = H^T H x}: the orthogonal projection onto images that are constant on every 2x2 block
     * (each block replaced by its mean). {@code Q Q = Q}.
     *
     * @param x {@code [N, H, W, C]}, H and W even
     * @return {@code [N, H, W, C]}
     */
    public static Operand<TFloat32> applyProjection(Ops tf, Operand<TFloat32> x) {
        return applyHTranspose(tf, applyH(tf, x));
    }
}
