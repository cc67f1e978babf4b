package dev.udpm.core.math;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * Eigen-decomposition {@code A = V diag(lambda) V^T} of a real symmetric matrix by the cyclic Jacobi method
 * (Golub and Van Loan, Matrix Computations, section 8.5): plane rotations zero one off-diagonal element at a
 * time until the off-diagonal mass is negligible. Accurate to a few ulps of {@code ||A||} and fast enough for the
 * feature covariances of the Frechet distance and the Gram matrices of principal components
 * ({@code 128 x 128}: milliseconds).
 *
 * <p>Eigenvalues are sorted ascending; column {@code j} of {@link #eigenvectors()} belongs to eigenvalue
 * {@code j} and the columns are orthonormal.
 */
public final class SymmetricEigen {

    private static final int MAX_SWEEPS = 100;

    private final double[] eigenvalues;
    private final double[][] eigenvectors;

    private SymmetricEigen(double[] eigenvalues, double[][] eigenvectors) {
        this.eigenvalues = eigenvalues;
        this.eigenvectors = eigenvectors;
    }

    /**
     * Decomposes {@code a} (not modified).
     *
     * @param a a square symmetric matrix, {@code a[i][j]} row {@code i}, column {@code j}
     * @throws IllegalArgumentException if {@code a} is empty, not square, not finite or not symmetric (relative
     *     tolerance {@code 1e-9} of its largest entry)
     */
    public static SymmetricEigen decompose(double[][] a) {
        int n = checkSymmetric(a);
        double[][] m = new double[n][];
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
            v[i][i] = 1.0;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < n; i++) {
                diag += m[i][i] * m[i][i];
                for (int j = i + 1; j < n; j++) {
                    off += m[i][j] * m[i][j];
                }
            }
            if (off == 0 || off <= 1e-30 * diag) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (m[p][q] != 0) {
                        rotate(m, v, p, q);
                    }
                }
            }
        }
        return sorted(m, v);
    }

    /** The eigenvalues {@code lambda_0 <= ... <= lambda_{n-1}} (a copy). */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** {@code V}: column {@code j} is the unit eigenvector of eigenvalue {@code j} (a copy). */
    public double[][] eigenvectors() {
        double[][] copy = new double[eigenvectors.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = eigenvectors[i].clone();
        }
        return copy;
    }

    /**
     * The matrix function {@code f(A) = V diag(f(lambda)) V^T}, e.g. {@code x -> Math.sqrt(Math.max(x, 0))} for
     * the principal square root of a positive semi-definite matrix. The result is exactly symmetric.
     */
    public double[][] apply(DoubleUnaryOperator f) {
        int n = eigenvalues.length;
        double[] fl = new double[n];
        for (int k = 0; k < n; k++) {
            fl[k] = f.applyAsDouble(eigenvalues[k]);
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += eigenvectors[i][k] * fl[k] * eigenvectors[j][k];
                }
                out[i][j] = sum;
                out[j][i] = sum;
            }
        }
        return out;
    }

    /** One Jacobi rotation in the (p, q) plane that zeroes {@code m[p][q]}; accumulates it into {@code v}. */
    private static void rotate(double[][] m, double[][] v, int p, int q) {
        double apq = m[p][q];
        double theta = (m[q][q] - m[p][p]) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = m.length;
        for (int k = 0; k < n; k++) {
            double mkp = m[k][p];
            double mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < n; k++) {
            double mpk = m[p][k];
            double mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
        }
        m[p][q] = 0;
        m[q][p] = 0;
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    private static SymmetricEigen sorted(double[][] m, double[][] v) {
        int n = m.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(m[x][x], m[y][y]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int j = 0; j < n; j++) {
            values[j] = m[order[j]][order[j]];
            for (int i = 0; i < n; i++) {
                vectors[i][j] = v[i][order[j]];
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    private static int checkSymmetric(double[][] a) {
        if (a == null || a.length == 0) {
            throw new IllegalArgumentException("SymmetricEigen: the matrix is empty");
        }
        int n = a.length;
        double max = 0;
        for (int i = 0; i < n; i++) {
            if (a[i] == null || a[i].length != n) {
                throw new IllegalArgumentException("SymmetricEigen: row " + i + " has "
                        + (a[i] == null ? 0 : a[i].length) + " entries but the matrix has " + n + " rows");
            }
            for (double x : a[i]) {
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("SymmetricEigen: row " + i + " holds " + x);
                }
                max = Math.max(max, Math.abs(x));
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Math.abs(a[i][j] - a[j][i]) > 1e-9 * max) {
                    throw new IllegalArgumentException("SymmetricEigen: the matrix is not symmetric: a[" + i + "]["
                            + j + "] = " + a[i][j] + " but a[" + j + "][" + i + "] = " + a[j][i]);
                }
            }
        }
        return n;
    }
}
