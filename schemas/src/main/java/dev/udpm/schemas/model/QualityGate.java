package dev.udpm.schemas.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Refuses a version whose evaluation (the manifest's metrics, repeated in its announcement) is worse than the
 * current latest's by more than a margin. Two metrics are compared, each only when both versions have it:
 * <ul>
 *   <li>{@value #CAS_RATIO} (classification accuracy of synthetic over real data; higher is better): refused when
 *       the candidate's is below the latest's minus {@code maxCasRatioDrop} (an absolute difference);</li>
 *   <li>{@value #FD_INDEPENDENT} (Frechet distance in an independent feature space; lower is better): refused when
 *       the candidate's is above the latest's times {@code 1 + maxFdIndependentIncrease} (a relative margin).</li>
 * </ul>
 *
 * @param maxCasRatioDrop          largest allowed drop of {@value #CAS_RATIO} (>= 0)
 * @param maxFdIndependentIncrease largest allowed relative rise of {@value #FD_INDEPENDENT} (>= 0; 0.10 = 10 %)
 */
public record QualityGate(double maxCasRatioDrop, double maxFdIndependentIncrease) {

    /** Metric name of the CAS ratio. */
    public static final String CAS_RATIO = "casRatio";
    /** Metric name of the independent Frechet distance. */
    public static final String FD_INDEPENDENT = "fdIndependent";
    /** The margins used when none are configured: CAS ratio may drop by 0.05, FD may rise by 10 %. */
    public static final QualityGate DEFAULT = new QualityGate(0.05, 0.10);

    public QualityGate {
        if (!(maxCasRatioDrop >= 0) || !(maxFdIndependentIncrease >= 0) || Double.isInfinite(maxCasRatioDrop)
                || Double.isInfinite(maxFdIndependentIncrease)) {
            throw new IllegalArgumentException("quality-gate margins must be finite and >= 0 (max CAS ratio drop "
                    + maxCasRatioDrop + ", max FD increase " + maxFdIndependentIncrease + ")");
        }
    }

    /**
     * Why {@code candidate} is worse than {@code latest} beyond the margins: one sentence per failed metric naming
     * it and both values; empty if it passes.
     */
    public List<String> failures(Map<String, Double> candidate, Map<String, Double> latest) {
        List<String> out = new ArrayList<>();
        Double cas = candidate.get(CAS_RATIO);
        Double casLatest = latest.get(CAS_RATIO);
        if (cas != null && casLatest != null && cas < casLatest - maxCasRatioDrop) {
            out.add(String.format("%s %.4f is below the latest's %.4f by more than the allowed %.4f", CAS_RATIO, cas,
                    casLatest, maxCasRatioDrop));
        }
        Double fd = candidate.get(FD_INDEPENDENT);
        Double fdLatest = latest.get(FD_INDEPENDENT);
        if (fd != null && fdLatest != null && fd > fdLatest * (1 + maxFdIndependentIncrease)) {
            out.add(String.format("%s %.4f is above the latest's %.4f by more than the allowed %.0f %%",
                    FD_INDEPENDENT, fd, fdLatest, maxFdIndependentIncrease * 100));
        }
        return out;
    }
}
