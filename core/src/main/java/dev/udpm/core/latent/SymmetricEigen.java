package dev.udpm.core.latent;

import java.util.Arrays;

/**
 * Eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method: repeated plane rotations
 * {@code A <- J^T A J}, each zeroing one off-diagonal pair, until every off-diagonal entry is negligible.
 * Accurate to rounding for small dense matrices (the n x n Gram matrices of {@link PrincipalComponents},
 * n about 128: a few sweeps of n^2/2 rotations of O(n) each).
 *
 * @param values eigenvalues, descending
 * @param vectors {@code vectors[k]} is the unit eigenvector of {@code values[k]}
 */
record SymmetricEigen(double[] values, double[][] vectors) {

    private static final int MAX_SWEEPS = 100;

    /** Decomposes {@code matrix} (not modified); it must be square and symmetric. */
    static SymmetricEigen of(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) {
                throw new IllegalArgumentException("eigen-decomposition needs a square matrix; row " + i + " has "
                        + matrix[i].length + " entries, expected " + n);
            }
            a[i] = matrix[i].clone();
            for (int j = 0; j < n; j++) {
                norm += a[i][j] * a[i][j];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (Math.abs(a[i][j] - a[j][i]) > 1e-12 * Math.sqrt(norm)) {
                    throw new IllegalArgumentException("matrix is not symmetric at (" + i + ", " + j + "): "
                            + a[i][j] + " vs " + a[j][i]);
                }
            }
        }
        double[][] v = new double[n][n]; // columns are eigenvectors
        for (int i = 0; i < n; i++) {
            v[i][i] = 1.0;
        }
        double negligible = 1e-18 * Math.sqrt(norm);
        boolean rotated = true;
        for (int sweep = 0; rotated; sweep++) {
            if (sweep == MAX_SWEEPS) {
                throw new IllegalStateException("Jacobi eigen-decomposition did not converge in " + MAX_SWEEPS
                        + " sweeps (matrix of size " + n + ", non-finite entries?)");
            }
            rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p][q];
                    double g = 100.0 * Math.abs(apq);
                    boolean belowDiagonalRounding = Math.abs(a[p][p]) + g == Math.abs(a[p][p])
                            && Math.abs(a[q][q]) + g == Math.abs(a[q][q]);
                    if (Math.abs(apq) <= negligible || belowDiagonalRounding) {
                        a[p][q] = 0.0;
                        a[q][p] = 0.0;
                        continue;
                    }
                    rotate(a, v, p, q);
                    rotated = true;
                }
            }
        }
        return sorted(a, v);
    }

    /** One Jacobi rotation in the (p, q) plane choosing the angle that zeroes a[p][q]. */
    private static void rotate(double[][] a, double[][] v, int p, int q) {
        int n = a.length;
        double apq = a[p][q];
        double theta = (a[q][q] - a[p][p]) / (2.0 * apq);
        double t = Math.abs(theta) > 1e150
                ? 1.0 / (2.0 * theta)
                : Math.signum(theta == 0.0 ? 1.0 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1.0));
        double c = 1.0 / Math.sqrt(t * t + 1.0);
        double s = t * c;
        for (int k = 0; k < n; k++) { // A <- A J (columns p, q)
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) { // A <- J^T A (rows p, q)
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        a[p][q] = 0.0;
        a[q][p] = 0.0;
        for (int k = 0; k < n; k++) { // V <- V J
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    private static SymmetricEigen sorted(double[][] a, double[][] v) {
        int n = a.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(a[j][j], a[i][i]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int k = 0; k < n; k++) {
            values[k] = a[order[k]][order[k]];
            for (int i = 0; i < n; i++) {
                vectors[k][i] = v[i][order[k]];
            }
        }
        return new SymmetricEigen(values, vectors);
    }
}
