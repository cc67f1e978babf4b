package dev.udpm.schemas.model;

/**
 * The posterior sampler a model was trained and exported for (docs/method.md#3-posterior); mirrors
 * {@code dev.udpm.core.math.PosteriorMode} by constant name ({@code PosteriorMode.valueOf(mode.name())}).
 */
public enum ManifestPosteriorMode {
    /** Exact projection covariance {@code Sigma = Q/(a+b) + (I-Q)/b}. */
    EXACT,
    /** The authors' scalar approximation {@code Sigma = I/(a+b)}. */
    PAPER_CODE
}
