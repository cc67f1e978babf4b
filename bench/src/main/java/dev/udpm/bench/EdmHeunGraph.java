package dev.udpm.bench;

import java.util.List;

import dev.udpm.core.net.UNet;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A standard full-resolution diffusion sampler as one graph: EDM's deterministic Heun sampler (Karras et al. 2022,
 * Algorithm 1) over {@link EdmSchedule}, with the preconditioned denoiser (sigma_data = 0.5)
 *
 * <pre>
 *   D(x; s) = c_skip(s) x + c_out(s) F(c_in(s) x; c_noise(s)),   x: [N, S, S, C]
 *   c_skip = sd^2/(s^2+sd^2), c_out = s sd/sqrt(s^2+sd^2), c_in = 1/sqrt(s^2+sd^2), c_noise = ln(s)/4
 * </pre>
 *
 * <p>F is the UDPM {@link UNet} run at the full resolution S (its internal feature maps are S x S, as in an ordinary
 * diffusion model), then 2x2 average-pooled back to S x S because the UDPM network doubles the resolution. This is a
 * COST model, not a working sampler: the UDPM weights were not trained as an EDM denoiser, so the images mean nothing;
 * every op, shape and the number of network evaluations (35) are those of the real sampler, which is what the
 * comparison needs. Built unrolled, so a batch is ONE session call, like the UDPM chain.
 */
public final class EdmHeunGraph {

    private static final double SIGMA_DATA = 0.5;

    private final Placeholder<TFloat32> noise;
    private final Operand<TFloat32> image;
    private final int evaluations;

    private EdmHeunGraph(Placeholder<TFloat32> noise, Operand<TFloat32> image, int evaluations) {
        this.noise = noise;
        this.image = image;
        this.evaluations = evaluations;
    }

    /**
     * Adds the sampler to {@code tf}'s graph.
     *
     * @param labels class labels {@code [N]} (ignored by an unconditional network)
     * @param imageSize S
     */
    public static EdmHeunGraph build(Ops tf, UNet net, EdmSchedule schedule, Operand<TInt32> labels, int imageSize) {
        int channels = net.config().imageChannels();
        Placeholder<TFloat32> noise = tf.placeholder(TFloat32.class, Placeholder.shape(
                org.tensorflow.ndarray.Shape.of(-1, imageSize, imageSize, channels)));
        Operand<TInt32> y = net.config().conditional() ? labels : null;
        Operand<TFloat32> x = scale(tf, noise, schedule.sigma(0));
        int evaluations = 0;
        for (int i = 0; i < schedule.steps(); i++) {
            double s = schedule.sigma(i);
            double next = schedule.sigma(i + 1);
            Operand<TFloat32> d = slope(tf, net, x, s, y);
            evaluations++;
            Operand<TFloat32> euler = tf.math.add(x, scale(tf, d, next - s));
            if (next > 0) {
                Operand<TFloat32> d2 = slope(tf, net, euler, next, y);
                evaluations++;
                x = tf.math.add(x, scale(tf, tf.math.add(d, d2), 0.5 * (next - s)));
            } else {
                x = euler;
            }
        }
        return new EdmHeunGraph(noise, x, evaluations);
    }

    /** The input noise {@code [N, S, S, C]}, N(0, I). */
    public Placeholder<TFloat32> noise() {
        return noise;
    }

    /** The sample {@code [N, S, S, C]}. */
    public Operand<TFloat32> image() {
        return image;
    }

    /** Network evaluations in the graph (35 for {@link EdmSchedule#cifar10()}). */
    public int evaluations() {
        return evaluations;
    }

    /** {@code dx/dsigma = (x - D(x; s)) / s}. */
    private static Operand<TFloat32> slope(Ops tf, UNet net, Operand<TFloat32> x, double s, Operand<TInt32> y) {
        double sd2 = SIGMA_DATA * SIGMA_DATA;
        double norm = Math.sqrt(s * s + sd2);
        Operand<TFloat32> f = net.apply(tf, scale(tf, x, 1 / norm),
                tf.constant(new float[] {(float) (Math.log(s) / 4)}), y);
        Operand<TFloat32> fFull = tf.nn.avgPool(f, List.of(1L, 2L, 2L, 1L), List.of(1L, 2L, 2L, 1L), "VALID");
        Operand<TFloat32> denoised = tf.math.add(scale(tf, x, sd2 / (s * s + sd2)),
                scale(tf, fFull, s * SIGMA_DATA / norm));
        return scale(tf, tf.math.sub(x, denoised), 1 / s);
    }

    private static Operand<TFloat32> scale(Ops tf, Operand<TFloat32> x, double c) {
        return tf.math.mul(x, tf.constant((float) c));
    }
}
