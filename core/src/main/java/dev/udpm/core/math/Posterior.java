package dev.udpm.core.math;

import java.util.Objects;

/**
 * The reverse step: the posterior {@code q(x_{l-1} | x_l, x_0)} of paper eqs. 11-12 (docs/method.md#3-posterior),
 * with {@code x_0} entering through {@code f}, an estimate of {@code H^{l-1} x_0} (the network's output).
 *
 * <p>With {@code a = alpha_l^2 / sigma_l^2} and {@code b = 1 / sigmaBarSq_{l-1}}:
 * {@code Sigma^-1 = a Q + b I} and {@code Sigma^-1 mu = (alpha_l / sigma_l^2) H^T x_l
 * + (alphaBar_{l-1} / sigmaBarSq_{l-1}) f}. Because {@code Q = H^T H} is a projection this is solved in closed
 * form: {@code Sigma = Q/(a+b) + (I-Q)/b} and
 * {@code mu = [(alpha_l/sigma_l^2) H^T x_l + (alphaBar_{l-1}/sigmaBarSq_{l-1}) Q f] / (a+b)
 * + alphaBar_{l-1} (I-Q) f}; a sample is {@code x_{l-1} = mu + z/sqrt(b) + (1/sqrt(a+b) - 1/sqrt(b)) Q z}.
 * {@link PosteriorMode#PAPER_CODE} uses the authors' scalar approximation {@code Sigma = I/(a+b)}:
 * {@code x_{l-1} = [(alpha_l/sigma_l^2) H^T x_l + (alphaBar_{l-1}/sigmaBarSq_{l-1}) f] / (a+b) + z/sqrt(a+b)}.
 *
 * <p>Shapes: {@code x_l} is {@code (h, w, C)}; {@code f}, {@code z} and the result are {@code (2h, 2w, C)}.
 * At {@code l = 1} the step is {@code x_0 = f} (no noise; {@code z} may be null).
 */
public final class Posterior {

    private final Schedule schedule;
    private final PosteriorMode mode;
    private final PosteriorCoefficients[] coefficients; // index l = 1..L

    public Posterior(Schedule schedule, PosteriorMode mode) {
        this.schedule = Objects.requireNonNull(schedule, "schedule must not be null");
        this.mode = Objects.requireNonNull(mode, "posterior mode must not be null (EXACT or PAPER_CODE)");
        coefficients = new PosteriorCoefficients[schedule.levels() + 1];
        for (int l = 1; l <= schedule.levels(); l++) {
            coefficients[l] = compute(schedule, mode, l);
        }
    }

    public Schedule schedule() {
        return schedule;
    }

    public PosteriorMode mode() {
        return mode;
    }

    /** The coefficients of step {@code l}, 1..L. */
    public PosteriorCoefficients coefficients(int l) {
        schedule.alpha(l); // validates 1..L with a message naming l
        return coefficients[l];
    }

    /**
     * The posterior mean {@code mu} (EXACT) or the scalar form's mean (PAPER_CODE).
     *
     * @param l step 1..L
     * @param xl {@code x_l}, {@code (h, w, C)}
     * @param f estimate of {@code H^{l-1} x_0}, {@code (2h, 2w, C)}
     */
    public Hwc mean(int l, Hwc xl, Hwc f) {
        return combine(coefficients(l), xl, f, null);
    }

    /**
     * A posterior sample {@code x_{l-1}}.
     *
     * @param l step 1..L
     * @param xl {@code x_l}, {@code (h, w, C)}
     * @param f estimate of {@code H^{l-1} x_0}, {@code (2h, 2w, C)}
     * @param z standard normal noise, {@code (2h, 2w, C)} (the latent {@code e_{l-1}}); may be null at l = 1
     */
    public Hwc sample(int l, Hwc xl, Hwc f, Hwc z) {
        PosteriorCoefficients k = coefficients(l);
        if (z == null && !(k.noiseStd() == 0.0 && k.noiseComplementStd() == 0.0)) {
            throw new IllegalArgumentException("posterior step " + l + ": noise z must not be null (only the"
                    + " noiseless step l = 1 accepts a null z)");
        }
        return combine(k, xl, f, z);
    }

    private static Hwc combine(PosteriorCoefficients k, Hwc xl, Hwc f, Hwc z) {
        Objects.requireNonNull(xl, "x_l must not be null");
        Hwc up = DegradationOperator.applyHTranspose(xl);
        up.requireSameShape(f, "f (estimate of H^{l-1} x_0 at step " + k.step() + ")");
        if (z != null) {
            up.requireSameShape(z, "z (noise at step " + k.step() + ")");
        }
        double[] u = up.values();
        double[] fv = f.values();
        double[] zv = z == null ? null : z.values();
        double[] out = new double[u.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = k.xlWeight() * u[i] + k.fComplementWeight() * fv[i]
                    + (zv == null ? 0.0 : k.noiseComplementStd() * zv[i]);
        }
        if (!k.isScalar()) {
            double[] g = new double[u.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = k.qFCorrection() * fv[i] + (zv == null ? 0.0 : k.qNoiseCorrection() * zv[i]);
            }
            double[] qg = DegradationOperator.project(new Hwc(up.height(), up.width(), up.channels(), g)).values();
            for (int i = 0; i < out.length; i++) {
                out[i] += qg[i];
            }
        }
        return new Hwc(up.height(), up.width(), up.channels(), out);
    }

    /**
     * Written with {@code sigmaBarSq_{l-1}} in the numerators so that {@code l = 1} ({@code sigmaBarSq_0 = 0},
     * {@code b = +Infinity}) gives the limit {@code x_0 = f} without a special case:
     * {@code 1/(a+b) = sigmaBarSq_{l-1} / (1 + a sigmaBarSq_{l-1})}.
     */
    private static PosteriorCoefficients compute(Schedule s, PosteriorMode mode, int l) {
        double alpha = s.alpha(l);
        double sigmaSq = s.sigma(l) * s.sigma(l);
        double prevVar = s.sigmaBarSq(l - 1);
        double prevAlphaBar = s.alphaBar(l - 1);
        double a = alpha * alpha / sigmaSq;
        double b = 1.0 / prevVar;
        double inverseAPlusB = prevVar / (1.0 + a * prevVar);
        double xlWeight = alpha / sigmaSq * inverseAPlusB;
        double fWeight = prevAlphaBar / (1.0 + a * prevVar);
        double noiseStd = Math.sqrt(inverseAPlusB);
        return switch (mode) {
            case EXACT -> new PosteriorCoefficients(l, mode, a, b, xlWeight, fWeight, noiseStd, prevAlphaBar,
                    Math.sqrt(prevVar));
            case PAPER_CODE -> new PosteriorCoefficients(l, mode, a, b, xlWeight, fWeight, noiseStd, fWeight,
                    noiseStd);
        };
    }
}
