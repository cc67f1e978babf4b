package dev.udpm.core.latent;

import dev.udpm.core.math.Hwc;
import dev.udpm.core.math.Schedule;

/**
 * The initial state {@code x_L} of the reverse chain from the coarsest latent {@code e_L}
 * (docs/method.md#2-forward-process and #5-sampling).
 *
 * <p>The prior actually used is the forward marginal itself, {@code x_L = alphaBar_L H^L x~ + sigmaBar_L e_L}
 * with {@code x~} (image size) and {@code e_L} independent standard normal. Because {@code H^L} has orthonormal
 * rows ({@code H^L (H^L)^T = I}), {@code H^L x~} is again {@code N(0, I)} at the size of {@code x_L}, so
 * {@code x_L ~ N(0, (alphaBar_L^2 + sigmaBarSq_L) I)}: the same law as
 * {@code x_L = sqrt(alphaBar_L^2 + sigmaBarSq_L) e_L}. One map {@code e_L} therefore suffices, and
 * {@code e_L..e_1} fully determine an image. For the paper's schedule the scale is
 * {@code sqrt(1e-8 + 0.0900000404) = 0.3000000840}.
 */
public final class LatentPrior {

    private LatentPrior() {
    }

    /** {@code sqrt(alphaBar_L^2 + sigmaBarSq_L)}, the standard deviation of {@code x_L}. */
    public static double scale(Schedule schedule) {
        int levels = schedule.levels();
        double alphaBar = schedule.alphaBar(levels);
        return Math.sqrt(alphaBar * alphaBar + schedule.sigmaBarSq(levels));
    }

    /** {@code x_L = scale(schedule) * e_L}; shape of {@code e_L}, {@code (size/2^L, size/2^L, C)}. */
    public static Hwc initialState(Schedule schedule, Hwc eL) {
        return eL.scale(scale(schedule));
    }

    /** {@code x_L} from {@code latents.level(L)}. */
    public static Hwc initialState(Schedule schedule, Latents latents) {
        if (latents.levels() != schedule.levels()) {
            throw new IllegalArgumentException("latents have " + latents.levels() + " levels but the schedule has L = "
                    + schedule.levels());
        }
        return initialState(schedule, latents.level(schedule.levels()));
    }
}
