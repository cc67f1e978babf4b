package dev.udpm.core.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    @Test
    void twoByTwoByHand() {
        SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
        assertArrayEquals(new double[] {3, 1}, e.values(), 1e-14);
        double h = Math.sqrt(0.5);
        assertEquals(h, Math.abs(e.vectors()[0][0]), 1e-14);
        assertEquals(e.vectors()[0][0], e.vectors()[0][1], 1e-14);   // (1, 1)/sqrt 2
        assertEquals(-e.vectors()[1][0], e.vectors()[1][1], 1e-14);  // (1, -1)/sqrt 2
    }

    @Test
    void randomSymmetricMatrixIsDiagonalisedWithOrthonormalVectors() {
        int n = 40;
        Random rng = new Random(8L);
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                m[i][j] = rng.nextGaussian();
                m[j][i] = m[i][j];
            }
        }
        SymmetricEigen e = SymmetricEigen.of(m);
        double trace = 0;
        double eigenSum = 0;
        for (int k = 0; k < n; k++) {
            trace += m[k][k];
            eigenSum += e.values()[k];
            if (k > 0) {
                assertEquals(true, e.values()[k - 1] >= e.values()[k], "descending order");
            }
            double[] v = e.vectors()[k];
            for (int i = 0; i < n; i++) {
                double mv = 0;
                for (int j = 0; j < n; j++) {
                    mv += m[i][j] * v[j];
                }
                assertEquals(e.values()[k] * v[i], mv, 1e-10, "M v = lambda v, k=" + k + " i=" + i);
            }
            for (int other = 0; other < n; other++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += v[i] * e.vectors()[other][i];
                }
                assertEquals(other == k ? 1.0 : 0.0, dot, 1e-12, "orthonormality " + k + "," + other);
            }
        }
        assertEquals(trace, eigenSum, 1e-10);
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
        SymmetricEigen e = SymmetricEigen.of(m);
        assertArrayEquals(new double[] {30, 0, 0, 0}, e.values(), 1e-12);
    }

    @Test
    void asymmetricOrNonSquareInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[][] {{1, 2}, {3, 4}}));
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[][] {{1, 2}}));
    }
}
