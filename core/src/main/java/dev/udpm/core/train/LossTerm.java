package dev.udpm.core.train;

/** The loss values a training step reports (see {@link TrainingConfig} for the formulas). */
public enum LossTerm {
    /** {@code mean |p - y|} on the [-1, 1] scale (levels with an L1 weight only). */
    G_L1("g.l1"),
    /** {@code mean_n d(up(p), up(y))}, the FeatureNet perceptual distance (levels with a perceptual weight only). */
    G_PERCEPTUAL("g.perceptual"),
    /** {@code mean softplus(-D(p + n_f))}, the non-saturating generator loss. */
    G_ADVERSARIAL("g.adversarial"),
    /**
     * {@code mean_n min(mean|pool2(p(eps) - p(-eps))| / mean|2 eps|, cap)}, the diversity ratio the generator maximises
     * (levels with a diversity weight only; it enters the total with a minus sign).
     */
    G_DIVERSITY("g.diversity"),
    /** The weighted sum the generator step minimises. */
    G_TOTAL("g.total"),
    /** {@code mean softplus(-D(y + n_r))}: the discriminator's loss on real candidates. */
    D_REAL("d.real"),
    /** {@code mean softplus(D(p + n_f))}: the discriminator's loss on generated candidates. */
    D_FAKE("d.fake"),
    /** {@code mean_n ||grad_y D(y + n_r)||^2}, unweighted (steps that apply the R1 penalty only). */
    D_R1("d.r1"),
    /** The weighted sum the discriminator step minimises. */
    D_TOTAL("d.total");

    private final String key;

    LossTerm(String key) {
        this.key = key;
    }

    /** The stable name used in logs, histories and JSON ({@code g.l1}, ...). */
    public String key() {
        return key;
    }

    /**
     * The term named {@code key}.
     *
     * @throws IllegalArgumentException listing the known names
     */
    public static LossTerm ofKey(String key) {
        for (LossTerm t : values()) {
            if (t.key.equals(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown loss term '" + key + "'; known: g.l1, g.perceptual,"
                + " g.adversarial, g.diversity, g.total, d.real, d.fake, d.r1, d.total");
    }
}
