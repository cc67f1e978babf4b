package dev.udpm.core.latent;

import java.util.ArrayList;
import java.util.List;

import dev.udpm.core.math.Hwc;
import dev.udpm.core.math.SymmetricEigen;

/**
 * The top principal components of a set of images, to show what a latent level controls
 * (docs/method.md#6-latent-space: perturb one level, generate e.g. 128 images, look at their top components).
 *
 * <p>With {@code n} images of {@code d = h w C} values (n much smaller than d), the rows of the centred data
 * matrix {@code X} (n x d) are the images minus their mean. Instead of the d x d covariance this uses the
 * n x n Gram matrix {@code G = X X^T}: if {@code G u = lambda u} with {@code |u| = 1}, then
 * {@code v = X^T u / sqrt(lambda)} is a unit eigenvector of {@code X^T X} with the same eigenvalue. The
 * explained variance of component {@code v} is {@code lambda / (n - 1)} (the sample variance of the data along
 * {@code v}); the total variance is {@code trace(G) / (n - 1)}. {@code G} is decomposed by Jacobi rotations
 * ({@link SymmetricEigen}).
 *
 * <p>Sign convention: each component is oriented so that its entry of largest magnitude (the first one, on a
 * tie) is positive.
 */
public final class PrincipalComponents {

    /** Components whose eigenvalue is at most this fraction of trace(G) carry no variance and are dropped. */
    static final double RELATIVE_RANK_TOLERANCE = 1e-12;

    private PrincipalComponents() {
    }

    /**
     * The result.
     *
     * @param mean the mean image
     * @param components unit-norm component images, by decreasing explained variance
     * @param explainedVariance sample variance along each component ({@code lambda_k / (n-1)})
     * @param totalVariance the sum of the per-value sample variances ({@code trace(G) / (n-1)})
     */
    public record Result(Hwc mean, List<Hwc> components, double[] explainedVariance, double totalVariance) {

        public Result {
            components = List.copyOf(components);
            explainedVariance = explainedVariance.clone();
        }

        @Override
        public double[] explainedVariance() {
            return explainedVariance.clone();
        }

        /** {@code explainedVariance[k] / totalVariance}, the fraction of the variance along component k. */
        public double explainedVarianceRatio(int k) {
            return totalVariance == 0.0 ? 0.0 : explainedVariance[k] / totalVariance;
        }
    }

    /**
     * The top {@code k} components of {@code images}. Fewer than {@code k} are returned when the centred data
     * has rank below {@code k} (at most {@code n - 1}): only components with non-zero variance are defined.
     *
     * @param images at least 2 images of one shape
     * @param k how many components, at least 1
     */
    public static Result compute(List<Hwc> images, int k) {
        if (images == null || images.size() < 2) {
            throw new IllegalArgumentException("principal components need at least 2 images, got "
                    + (images == null ? "null" : images.size()));
        }
        if (k < 1) {
            throw new IllegalArgumentException("number of principal components k = " + k + " must be at least 1");
        }
        Hwc first = images.get(0);
        int n = images.size();
        int d = first.size();
        for (int i = 1; i < n; i++) {
            first.requireSameShape(images.get(i), "image " + i);
        }
        double[] mean = new double[d];
        for (Hwc image : images) {
            double[] v = image.values();
            for (int t = 0; t < d; t++) {
                mean[t] += v[t] / n;
            }
        }
        double[][] centred = new double[n][d];
        for (int i = 0; i < n; i++) {
            double[] v = images.get(i).values();
            for (int t = 0; t < d; t++) {
                centred[i][t] = v[t] - mean[t];
            }
        }
        double[][] gram = new double[n][n];
        double trace = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    s += centred[i][t] * centred[j][t];
                }
                gram[i][j] = s;
                gram[j][i] = s;
            }
            trace += gram[i][i];
        }
        SymmetricEigen eigen = SymmetricEigen.decompose(gram);
        double[] ascending = eigen.eigenvalues();
        double[][] vectors = eigen.eigenvectors();
        List<Hwc> components = new ArrayList<>();
        List<Double> variances = new ArrayList<>();
        for (int c = 0; c < Math.min(k, n); c++) {
            int column = n - 1 - c; // largest eigenvalue first
            double lambda = ascending[column];
            if (!(lambda > RELATIVE_RANK_TOLERANCE * trace)) {
                break;
            }
            double[] component = new double[d];
            for (int i = 0; i < n; i++) {
                double weight = vectors[i][column] / Math.sqrt(lambda);
                for (int t = 0; t < d; t++) {
                    component[t] += weight * centred[i][t];
                }
            }
            orientLargestPositive(component);
            components.add(new Hwc(first.height(), first.width(), first.channels(), component));
            variances.add(lambda / (n - 1));
        }
        double[] explained = variances.stream().mapToDouble(Double::doubleValue).toArray();
        return new Result(new Hwc(first.height(), first.width(), first.channels(), mean), components, explained,
                trace / (n - 1));
    }

    /**
     * A component scaled into [-1, 1] for display ({@code x / max|x|}); an all-zero map is returned unchanged.
     */
    public static Hwc toDisplayRange(Hwc component) {
        double max = 0;
        for (double v : component.values()) {
            max = Math.max(max, Math.abs(v));
        }
        return max == 0.0 ? component : component.scale(1.0 / max);
    }

    private static void orientLargestPositive(double[] v) {
        int arg = 0;
        for (int t = 1; t < v.length; t++) {
            if (Math.abs(v[t]) > Math.abs(v[arg])) {
                arg = t;
            }
        }
        if (v[arg] < 0) {
            for (int t = 0; t < v.length; t++) {
                v[t] = -v[t];
            }
        }
    }
}
