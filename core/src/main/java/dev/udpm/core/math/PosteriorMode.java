package dev.udpm.core.math;

/** How {@code x_{l-1}} is drawn from the posterior {@code q(x_{l-1} | x_l, x_0)} (docs/method.md#3-posterior). */
public enum PosteriorMode {
    /** The closed-form projection covariance {@code Sigma = Q/(a+b) + (I-Q)/b}: the exact law. Default. */
    EXACT,
    /** The authors' scalar approximation {@code Sigma = I/(a+b)}, for reproducing their code. */
    PAPER_CODE
}
