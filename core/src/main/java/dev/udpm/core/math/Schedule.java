package dev.udpm.core.math;

import java.util.Arrays;

/**
 * The UDPM noise/scale schedule, precomputed in double precision (docs/method.md#2-forward-process).
 *
 * <p>Levels are numbered {@code l = 0..L}: {@code x_0} is the image, {@code x_L} the coarsest latent.
 * Per step {@code q(x_l | x_{l-1}) = N(alpha_l H x_{l-1}, sigma_l^2 I)}; the marginal (paper eq. 9) is
 * {@code q(x_l | x_0) = N(alphaBar_l H^l x_0, sigmaBarSq_l I)} with
 * {@code alphaBar_l = prod_{k<=l} alpha_k} and {@code sigmaBarSq_l = alpha_l^2 sigmaBarSq_{l-1} + sigma_l^2},
 * {@code alphaBar_0 = 1}, {@code sigmaBarSq_0 = 0}.
 *
 * <p>Immutable; every accessor takes the paper's level index {@code l} (1-based for per-step values).
 */
public final class Schedule {

    /** The values used for every dataset in the paper's code. */
    private static final double[] PAPER_ALPHA = {0.5, 0.2, 1e-3};
    private static final double[] PAPER_SIGMA = {0.1, 0.2, 0.3};

    private final double[] alpha;       // index l = 1..L (index 0 unused, = 1)
    private final double[] sigma;       // index l = 1..L (index 0 unused, = 0)
    private final double[] alphaBar;    // index l = 0..L
    private final double[] sigmaBarSq;  // index l = 0..L

    private Schedule(double[] alphaPerStep, double[] sigmaPerStep) {
        int levels = alphaPerStep.length;
        alpha = new double[levels + 1];
        sigma = new double[levels + 1];
        alphaBar = new double[levels + 1];
        sigmaBarSq = new double[levels + 1];
        alpha[0] = 1.0;
        alphaBar[0] = 1.0;
        for (int l = 1; l <= levels; l++) {
            alpha[l] = alphaPerStep[l - 1];
            sigma[l] = sigmaPerStep[l - 1];
            alphaBar[l] = alphaBar[l - 1] * alpha[l];
            sigmaBarSq[l] = alpha[l] * alpha[l] * sigmaBarSq[l - 1] + sigma[l] * sigma[l];
        }
    }

    /** The paper's schedule: L = 3, alpha = (0.5, 0.2, 1e-3), sigma = (0.1, 0.2, 0.3). */
    public static Schedule paperDefault() {
        return of(PAPER_ALPHA, PAPER_SIGMA);
    }

    /**
     * A schedule from per-step values {@code alpha_1..alpha_L} and {@code sigma_1..sigma_L}.
     *
     * @throws IllegalArgumentException if the arrays are empty, differ in length, or hold a value that is
     *     not finite, not positive, or (for alpha) greater than 1
     */
    public static Schedule of(double[] alpha, double[] sigma) {
        if (alpha == null || sigma == null || alpha.length == 0) {
            throw new IllegalArgumentException("schedule: alpha and sigma must each hold at least one level");
        }
        if (alpha.length != sigma.length) {
            throw new IllegalArgumentException("schedule: alpha has " + alpha.length
                    + " levels but sigma has " + sigma.length + "; they must be equal");
        }
        for (int i = 0; i < alpha.length; i++) {
            requirePositiveFinite("alpha", i, alpha[i]);
            requirePositiveFinite("sigma", i, sigma[i]);
            if (alpha[i] > 1.0) {
                throw new IllegalArgumentException("schedule: alpha_" + (i + 1) + " = " + alpha[i]
                        + " is greater than 1; the forward process must not amplify the signal");
            }
        }
        return new Schedule(alpha.clone(), sigma.clone());
    }

    private static void requirePositiveFinite(String name, int index, double value) {
        if (!(value > 0.0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("schedule: " + name + "_" + (index + 1) + " = " + value
                    + " must be a finite number > 0");
        }
    }

    /** L, the number of steps (and of network evaluations when sampling). */
    public int levels() {
        return alpha.length - 1;
    }

    /** {@code alpha_l}, l = 1..L. */
    public double alpha(int l) {
        return alpha[checkStep(l)];
    }

    /** {@code sigma_l}, l = 1..L. */
    public double sigma(int l) {
        return sigma[checkStep(l)];
    }

    /** {@code alphaBar_l = prod_{k<=l} alpha_k}, l = 0..L ({@code alphaBar_0 = 1}). */
    public double alphaBar(int l) {
        return alphaBar[checkLevel(l)];
    }

    /** {@code sigmaBarSq_l}, the marginal noise variance, l = 0..L ({@code sigmaBarSq_0 = 0}). */
    public double sigmaBarSq(int l) {
        return sigmaBarSq[checkLevel(l)];
    }

    /** {@code sigmaBar_l = sqrt(sigmaBarSq_l)}. */
    public double sigmaBar(int l) {
        return Math.sqrt(sigmaBarSq(l));
    }

    /** The network's time condition {@code t_l = (l - 0.5) / L} (1/6, 1/2, 5/6 for L = 3). */
    public double timeCondition(int l) {
        return (checkStep(l) - 0.5) / levels();
    }

    /**
     * Side length of {@code x_l} for a square image of side {@code imageSize}: {@code imageSize / 2^l}.
     *
     * @throws IllegalArgumentException if {@code imageSize} is not divisible by {@code 2^L}
     */
    public int sizeAt(int l, int imageSize) {
        requireDivisible(imageSize);
        return imageSize >> checkLevel(l);
    }

    /** Rejects image sizes that cannot be halved L times. */
    public void requireDivisible(int imageSize) {
        int factor = 1 << levels();
        if (imageSize <= 0 || imageSize % factor != 0) {
            throw new IllegalArgumentException("image size " + imageSize + " must be a positive multiple of 2^L = "
                    + factor + " for a schedule with L = " + levels());
        }
    }

    private int checkStep(int l) {
        if (l < 1 || l > levels()) {
            throw new IllegalArgumentException("step l = " + l + " outside 1.." + levels());
        }
        return l;
    }

    private int checkLevel(int l) {
        if (l < 0 || l > levels()) {
            throw new IllegalArgumentException("level l = " + l + " outside 0.." + levels());
        }
        return l;
    }

    @Override
    public String toString() {
        return "Schedule{alpha=" + Arrays.toString(Arrays.copyOfRange(alpha, 1, alpha.length))
                + ", sigma=" + Arrays.toString(Arrays.copyOfRange(sigma, 1, sigma.length)) + "}";
    }
}
