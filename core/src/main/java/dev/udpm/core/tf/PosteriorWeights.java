package dev.udpm.core.tf;

import dev.udpm.core.math.PosteriorMode;
import dev.udpm.core.math.Schedule;

/**
 * The scalar weights of one posterior draw, computed in double precision (docs/method.md#3-posterior,
 * paper eqs. 11-12). A draw of {@code x_{l-1} ~ q(x_{l-1} | x_l, x_0)}, with {@code f} the estimate of
 * {@code H^{l-1} x_0} and {@code z ~ N(0, I)} at the size of {@code x_{l-1}}, is
 *
 * <pre>
 *   x_{l-1} = hTransposeX * H^T x_l + f * f + z * z + Q (qf * f + qz * z),      Q = H^T H
 * </pre>
 *
 * <p>With {@code a = alpha_l^2 / sigma_l^2} and {@code b = 1 / sigmaBarSq_{l-1}}:
 * <ul>
 *   <li>{@link PosteriorMode#EXACT}: {@code hTransposeX = (alpha_l / sigma_l^2) / (a + b)},
 *       {@code f = alphaBar_{l-1}}, {@code qf = -alphaBar_{l-1} a / (a + b)},
 *       {@code z = 1 / sqrt(b)}, {@code qz = 1 / sqrt(a + b) - 1 / sqrt(b)}
 *       (the closed form {@code mu = [(alpha_l/sigma_l^2) H^T x_l + (alphaBar_{l-1}/sigmaBarSq_{l-1}) Q f]/(a+b)
 *       + alphaBar_{l-1} (I - Q) f}, {@code Sigma^(1/2) = Q/sqrt(a+b) + (I-Q)/sqrt(b)}, rearranged).</li>
 *   <li>{@link PosteriorMode#PAPER_CODE}: {@code hTransposeX} as above, {@code f = alphaBar_{l-1} b / (a + b)},
 *       {@code z = 1 / sqrt(a + b)}, {@code qf = qz = 0} (the authors' scalar covariance {@code 1/(a+b)}).</li>
 * </ul>
 *
 * @param hTransposeX weight of {@code H^T x_l}
 * @param f weight of {@code f}
 * @param z weight of {@code z}
 * @param qf weight of {@code f} inside the projection {@code Q}
 * @param qz weight of {@code z} inside the projection {@code Q}
 */
public record PosteriorWeights(double hTransposeX, double f, double z, double qf, double qz) {

    /**
     * The weights for step {@code l} of the reverse chain.
     *
     * <p>At {@code l = 1} ({@code sigmaBarSq_0 = 0}, {@code b} infinite) the weights are the limit of both modes,
     * {@code x_0 = f}: {@code f = 1} and every other weight 0.
     *
     * @param l the level being left, {@code 1..L}
     * @throws IllegalArgumentException if {@code l} is outside {@code 1..L}
     */
    public static PosteriorWeights of(Schedule schedule, PosteriorMode mode, int l) {
        if (l < 1 || l > schedule.levels()) {
            throw new IllegalArgumentException("posterior step l = " + l + " must be in 1.." + schedule.levels());
        }
        if (l == 1) {
            return new PosteriorWeights(0.0, 1.0, 0.0, 0.0, 0.0);
        }
        double alpha = schedule.alpha(l);
        double sigmaSq = schedule.sigma(l) * schedule.sigma(l);
        double a = alpha * alpha / sigmaSq;
        double b = 1.0 / schedule.sigmaBarSq(l - 1);
        double alphaBarPrev = schedule.alphaBar(l - 1);
        double hTransposeX = (alpha / sigmaSq) / (a + b);
        return switch (mode) {
            case EXACT -> new PosteriorWeights(hTransposeX, alphaBarPrev, 1.0 / Math.sqrt(b),
                    -alphaBarPrev * a / (a + b), 1.0 / Math.sqrt(a + b) - 1.0 / Math.sqrt(b));
            case PAPER_CODE -> new PosteriorWeights(hTransposeX, alphaBarPrev * b / (a + b),
                    1.0 / Math.sqrt(a + b), 0.0, 0.0);
        };
    }

    /** True when the draw needs the projection {@code Q} (EXACT mode). */
    public boolean usesProjection() {
        return qf != 0.0 || qz != 0.0;
    }
}
