package dev.udpm.core.math;

import java.util.Objects;

/**
 * The UDPM forward (degradation) process (docs/method.md#2-forward-process).
 *
 * <ul>
 *   <li>One step: {@code q(x_l | x_{l-1}) = N(alpha_l H x_{l-1}, sigma_l^2 I)}.
 *   <li>Marginal, paper eq. 9: {@code q(x_l | x_0) = N(alphaBar_l H^l x_0, sigmaBarSq_l I)}.
 * </ul>
 * Shapes: {@code x_0} is {@code (s, s, C)}; {@code x_l} is {@code (s / 2^l, s / 2^l, C)}. The noise {@code eps}
 * is passed in (standard normal, at the size of the result) so that callers own the randomness.
 */
public final class ForwardProcess {

    private final Schedule schedule;

    public ForwardProcess(Schedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule must not be null");
    }

    public Schedule schedule() {
        return schedule;
    }

    /** The marginal mean {@code alphaBar_l H^l x_0}, l = 0..L. */
    public Hwc marginalMean(Hwc x0, int l) {
        return DegradationOperator.applyHPower(x0, l).scale(schedule.alphaBar(l));
    }

    /**
     * A sample of the marginal, paper eq. 9: {@code x_l = alphaBar_l H^l x_0 + sigmaBar_l eps}.
     *
     * @param x0 the image, {@code (s, s, C)}
     * @param l level 0..L ({@code l = 0} returns {@code x0})
     * @param eps standard normal noise of shape {@code (s / 2^l, s / 2^l, C)}
     */
    public Hwc marginalSample(Hwc x0, int l, Hwc eps) {
        Hwc mean = marginalMean(x0, l);
        mean.requireSameShape(eps, "eps for the level-" + l + " marginal");
        return mean.plusScaled(schedule.sigmaBar(l), eps);
    }

    /**
     * A sample of one forward step: {@code x_l = alpha_l H x_{l-1} + sigma_l eps}.
     *
     * @param xPrev {@code x_{l-1}}, {@code (h, w, C)} with even h and w
     * @param l step 1..L
     * @param eps standard normal noise of shape {@code (h/2, w/2, C)}
     */
    public Hwc stepSample(Hwc xPrev, int l, Hwc eps) {
        Hwc mean = DegradationOperator.applyH(xPrev).scale(schedule.alpha(l));
        mean.requireSameShape(eps, "eps for forward step " + l);
        return mean.plusScaled(schedule.sigma(l), eps);
    }
}
