package dev.udpm.trainer.eval;

import dev.udpm.core.math.SymmetricEigen;

/**
 * The Frechet distance between two Gaussians (Dowson and Landau 1982; the FID of Heusel et al. 2017 when the
 * features are Inception's):
 * <pre>
 *   FD = |mu_1 - mu_2|^2 + tr(S_1 + S_2 - 2 (S_1^(1/2) S_2 S_1^(1/2))^(1/2))
 * </pre>
 * computed in double precision with {@link SymmetricEigen}: {@code S_1^(1/2)} from the eigen-decomposition of
 * {@code S_1}, then {@code tr((S_1^(1/2) S_2 S_1^(1/2))^(1/2)) = sum_k sqrt(lambda_k)} over the eigenvalues of
 * the symmetric positive semi-definite middle matrix. Eigenvalues that round-off pushes below zero count as 0.
 *
 * <p>In this project the features are the penultimate activations of the project's own
 * {@link dev.udpm.core.classifier.FeatureNet}, so values are comparable only between runs with the same
 * classifier checkpoint and the same sample counts (FD is biased upwards for small sets).
 */
public final class FrechetDistance {

    private FrechetDistance() {
    }

    /**
     * FD between the Gaussians {@code a} and {@code b}; symmetric in its arguments up to round-off.
     *
     * @throws IllegalArgumentException if the dimensions differ
     */
    public static double between(GaussianStats a, GaussianStats b) {
        int d = a.dimension();
        if (b.dimension() != d) {
            throw new IllegalArgumentException("FrechetDistance: feature dimensions differ (" + d + " vs "
                    + b.dimension() + "): both sets must come from the same network layer");
        }
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double diff = a.mean()[i] - b.mean()[i];
            meanTerm += diff * diff;
        }
        double[][] sqrtA = SymmetricEigen.decompose(a.covariance()).apply(x -> Math.sqrt(Math.max(x, 0)));
        double[][] middle = multiply(multiply(sqrtA, b.covariance()), sqrtA);
        symmetrise(middle);
        double traceSqrt = 0;
        for (double lambda : SymmetricEigen.decompose(middle).eigenvalues()) {
            traceSqrt += Math.sqrt(Math.max(lambda, 0));
        }
        return meanTerm + trace(a.covariance()) + trace(b.covariance()) - 2 * traceSqrt;
    }

    static double trace(double[][] m) {
        double sum = 0;
        for (int i = 0; i < m.length; i++) {
            sum += m[i][i];
        }
        return sum;
    }

    static double[][] multiply(double[][] x, double[][] y) {
        int n = x.length;
        int k = y.length;
        int m = y[0].length;
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            double[] row = out[i];
            for (int l = 0; l < k; l++) {
                double xil = x[i][l];
                double[] yl = y[l];
                for (int j = 0; j < m; j++) {
                    row[j] += xil * yl[j];
                }
            }
        }
        return out;
    }

    private static void symmetrise(double[][] m) {
        for (int i = 0; i < m.length; i++) {
            for (int j = i + 1; j < m.length; j++) {
                double avg = 0.5 * (m[i][j] + m[j][i]);
                m[i][j] = avg;
                m[j][i] = avg;
            }
        }
    }
}
