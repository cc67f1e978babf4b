package dev.udpm.core.tf;

import dev.udpm.core.latent.LatentPrior;
import dev.udpm.core.math.Schedule;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The forward (noising + downsampling) process of UDPM as graph ops (docs/method.md#2-forward-process, paper eq. 9).
 *
 * <p>The schedule values are computed in double precision by {@link Schedule} and enter the graph as
 * float32 constants.
 */
public final class ForwardProcessOps {

    private ForwardProcessOps() {
    }

    /**
     * A draw from the marginal {@code q(x_l | x_0) = N(alphaBar_l H^l x_0, sigmaBarSq_l I)}:
     * {@code x_l = alphaBar_l H^l x_0 + sigmaBar_l eps}.
     *
     * @param x0 the image {@code [N, S, S, C]}, S divisible by {@code 2^l}
     * @param l the level, {@code 0..L} ({@code l = 0} returns {@code x0})
     * @param eps standard normal noise {@code [N, S/2^l, S/2^l, C]}
     * @return {@code x_l}, {@code [N, S/2^l, S/2^l, C]}
     */
    public static Operand<TFloat32> marginalSample(Ops tf, Schedule schedule, Operand<TFloat32> x0, int l,
            Operand<TFloat32> eps) {
        double alphaBar = schedule.alphaBar(l);
        double sigmaBar = schedule.sigmaBar(l);
        if (l == 0) {
            return x0;
        }
        Operand<TFloat32> signal = tf.math.mul(DegradationOps.applyHPower(tf, x0, l), tf.constant((float) alphaBar));
        return tf.math.add(signal, tf.math.mul(eps, tf.constant((float) sigmaBar)));
    }

    /**
     * The prior draw of the coarsest latent used by the sampler: {@code x_L = sqrt(alphaBar_L^2 + sigmaBarSq_L) e_L}.
     * It is the marginal of section 2 with {@code H^L x~} replaced by an independent standard normal map
     * ({@code H^L} of white noise is again white noise of unit variance), so {@code e_L ~ N(0, I)} alone
     * determines it. The scale is {@link LatentPrior#scale}, shared with the Java reference.
     *
     * @param eL {@code [N, S/2^L, S/2^L, C]} standard normal
     */
    public static Operand<TFloat32> priorSample(Ops tf, Schedule schedule, Operand<TFloat32> eL) {
        return tf.math.mul(eL, tf.constant((float) LatentPrior.scale(schedule)));
    }
}
