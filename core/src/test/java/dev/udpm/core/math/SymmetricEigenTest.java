package dev.udpm.core.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    @Test
    void twoByTwoMatchesTheHandComputedDecomposition() {
        // [[2, 1], [1, 2]]: eigenvalues 1 and 3 with eigenvectors (1, -1)/sqrt2 and (1, 1)/sqrt2
        SymmetricEigen e = SymmetricEigen.decompose(new double[][] {{2, 1}, {1, 2}});
        assertArrayEquals(new double[] {1, 3}, e.eigenvalues(), 1e-14);
        double[][] v = e.eigenvectors();
        double r = Math.sqrt(0.5);
        assertEquals(r, Math.abs(v[0][0]), 1e-14);
        assertEquals(-v[0][0], v[1][0], 1e-14);
        assertEquals(r, Math.abs(v[0][1]), 1e-14);
        assertEquals(v[0][1], v[1][1], 1e-14);
    }

    @Test
    void rankDeficientMatricesConvergeWithZeroEigenvalues() {
        double[] u = {1, 2, 3, 4};
        double[][] m = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                m[i][j] = u[i] * u[j];
            }
        }
        assertArrayEquals(new double[] {0, 0, 0, 30}, SymmetricEigen.decompose(m).eigenvalues(), 1e-12,
                "u u^T has the single eigenvalue |u|^2 = 30");
    }

    @Test
    void diagonalMatrixGivesItsSortedDiagonal() {
        double[][] d = {{5, 0, 0}, {0, -2, 0}, {0, 0, 1}};
        assertArrayEquals(new double[] {-2, 1, 5}, SymmetricEigen.decompose(d).eigenvalues(), 0);
    }

    @Test
    void randomSymmetricMatrixIsReconstructedFromOrthonormalEigenvectors() {
        int n = 30;
        double[][] a = randomSymmetric(n, 3);
        SymmetricEigen e = SymmetricEigen.decompose(a);
        double[][] v = e.eigenvectors();
        double[] lambda = e.eigenvalues();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double vtv = 0;
                double recon = 0;
                for (int k = 0; k < n; k++) {
                    vtv += v[k][i] * v[k][j];
                    recon += v[i][k] * lambda[k] * v[j][k];
                }
                assertEquals(i == j ? 1 : 0, vtv, 1e-12, "V^T V at " + i + "," + j);
                assertEquals(a[i][j], recon, 1e-11, "V diag(lambda) V^T at " + i + "," + j);
            }
        }
        for (int k = 1; k < n; k++) {
            assertTrue(lambda[k - 1] <= lambda[k], "eigenvalues not ascending at " + k);
        }
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += a[i][i];
        }
        assertEquals(trace, java.util.Arrays.stream(lambda).sum(), 1e-11, "trace = sum lambda");
    }

    @Test
    void applyGivesTheMatrixSquareRootOfAPositiveDefiniteMatrix() {
        double[][] b = randomSymmetric(12, 4);
        double[][] spd = multiply(b, b); // B B^T with B symmetric: positive semi-definite
        double[][] root = SymmetricEigen.decompose(spd).apply(Math::sqrt);
        double[][] square = multiply(root, root);
        for (int i = 0; i < 12; i++) {
            assertArrayEquals(spd[i], square[i], 1e-10, "sqrt(A)^2 row " + i);
        }
    }

    @Test
    void nonSymmetricOrRaggedInputIsRejectedWithTheOffendingEntry() {
        var asym = assertThrows(IllegalArgumentException.class,
                () -> SymmetricEigen.decompose(new double[][] {{1, 2}, {3, 1}}));
        assertTrue(asym.getMessage().contains("a[0][1] = 2.0"), asym.getMessage());
        var ragged = assertThrows(IllegalArgumentException.class,
                () -> SymmetricEigen.decompose(new double[][] {{1, 2}, {3}}));
        assertTrue(ragged.getMessage().contains("row 1 has 1"), ragged.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.decompose(new double[0][]));
    }

    static double[][] randomSymmetric(int n, long seed) {
        Random random = new Random(seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                a[i][j] = random.nextGaussian();
                a[j][i] = a[i][j];
            }
        }
        return a;
    }

    private static double[][] multiply(double[][] x, double[][] y) {
        int n = x.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    out[i][j] += x[i][k] * y[k][j];
                }
            }
        }
        return out;
    }
}
