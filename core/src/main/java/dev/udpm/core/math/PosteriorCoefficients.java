package dev.udpm.core.math;

/**
 * The scalars of one reverse step {@code x_l -> x_{l-1}} (docs/method.md#3-posterior, paper eqs. 11-12), in a form
 * that covers both {@link PosteriorMode}s. With {@code Q = H^T H} (block means) and {@code (I - Q)} its
 * complement, a posterior sample is
 *
 * <pre>
 * x_{l-1} = xlWeight H^T x_l
 *         + fWeight Q f + fComplementWeight (I - Q) f
 *         + noiseStd Q z + noiseComplementStd (I - Q) z
 * </pre>
 * or, equivalently and cheaper (one projection):
 * <pre>
 * x_{l-1} = xlWeight H^T x_l + fComplementWeight f + noiseComplementStd z
 *         + Q (qFCorrection() f + qNoiseCorrection() z)
 * </pre>
 * where {@code f} estimates {@code H^{l-1} x_0} and {@code z ~ N(0, I)}, both at the size of {@code x_{l-1}}.
 *
 * <ul>
 *   <li>EXACT: {@code mu = [(alpha_l/sigma_l^2) H^T x_l + (alphaBar_{l-1}/sigmaBarSq_{l-1}) Q f] / (a+b)
 *       + alphaBar_{l-1} (I-Q) f} and {@code Sigma^(1/2) = Q/sqrt(a+b) + (I-Q)/sqrt(b)}, so
 *       {@code fComplementWeight = alphaBar_{l-1}} and {@code noiseComplementStd = 1/sqrt(b) = sigmaBar_{l-1}}.
 *   <li>PAPER_CODE (the authors' scalar {@code Sigma = I/(a+b)}): {@code fComplementWeight = fWeight} and
 *       {@code noiseComplementStd = noiseStd}, so the Q terms cancel and
 *       {@code x_{l-1} = xlWeight H^T x_l + fWeight f + noiseStd z}.
 * </ul>
 *
 * <p>At {@code l = 1}, {@code sigmaBarSq_0 = 0}: {@code b} is infinite and the step is the limit
 * {@code x_0 = f} ({@code xlWeight = 0}, both f weights 1, both noise scales 0).
 *
 * @param step the step {@code l}, 1..L
 * @param mode which law the coefficients describe
 * @param a {@code alpha_l^2 / sigma_l^2}
 * @param b {@code 1 / sigmaBarSq_{l-1}} ({@code +Infinity} at {@code l = 1})
 * @param xlWeight {@code (alpha_l / sigma_l^2) / (a + b)}, the weight of {@code H^T x_l}
 * @param fWeight {@code (alphaBar_{l-1} / sigmaBarSq_{l-1}) / (a + b)}, the weight of {@code Q f}
 *     (of {@code f} in PAPER_CODE)
 * @param noiseStd {@code 1 / sqrt(a + b)}, the noise scale in the range of {@code Q} (everywhere in PAPER_CODE)
 * @param fComplementWeight the weight of {@code (I - Q) f}: {@code alphaBar_{l-1}} (EXACT) or {@code fWeight}
 * @param noiseComplementStd the noise scale on {@code (I - Q)}: {@code 1/sqrt(b)} (EXACT) or {@code noiseStd}
 */
public record PosteriorCoefficients(int step, PosteriorMode mode, double a, double b, double xlWeight,
        double fWeight, double noiseStd, double fComplementWeight, double noiseComplementStd) {

    /** {@code fWeight - fComplementWeight}: the weight of {@code Q f} on top of {@code fComplementWeight f}. */
    public double qFCorrection() {
        return fWeight - fComplementWeight;
    }

    /** {@code noiseStd - noiseComplementStd = 1/sqrt(a+b) - 1/sqrt(b)} in EXACT mode, 0 in PAPER_CODE. */
    public double qNoiseCorrection() {
        return noiseStd - noiseComplementStd;
    }

    /** True if the step is a scalar affine map ({@code Q} not needed): PAPER_CODE, or the noiseless l = 1. */
    public boolean isScalar() {
        return qFCorrection() == 0.0 && qNoiseCorrection() == 0.0;
    }

    /** The per-pixel variance in the range of {@code Q}: {@code 1/(a+b)}. */
    public double varianceInRange() {
        return noiseStd * noiseStd;
    }

    /** The per-pixel variance on {@code (I - Q)}: {@code 1/b} (EXACT) or {@code 1/(a+b)} (PAPER_CODE). */
    public double varianceInComplement() {
        return noiseComplementStd * noiseComplementStd;
    }
}
