package dev.udpm.core.latent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.udpm.core.math.Hwc;
import dev.udpm.core.math.TestMaps;
import org.junit.jupiter.api.Test;

class PrincipalComponentsTest {

    /** Two orthonormal 4x4x1 patterns, each with a unique entry of largest magnitude (for the sign rule). */
    private static final Hwc V1 = unit(rowPattern());
    private static final Hwc V2 = unit(orthogonalise(generic(), V1));

    /**
     * x_i = m + 3 cos(2 pi i / n) v1 + sin(2 pi i / n) v2: the coefficient sequences have mean 0, are orthogonal
     * and have sum of squares n/2, so the sample variances along v1 and v2 are exactly 9 (n/2)/(n-1) and
     * (n/2)/(n-1), the only two components.
     */
    @Test
    void recoversPlantedComponentsAndTheirVariances() {
        int n = 40;
        Hwc m = TestMaps.uniform(new Random(1L), 4, 4, 1);
        List<Hwc> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / n;
            images.add(m.plusScaled(3 * Math.cos(t), V1).plusScaled(Math.sin(t), V2));
        }
        PrincipalComponents.Result r = PrincipalComponents.compute(images, 5);
        assertTrue(r.mean().maxAbsDifference(m) < 1e-12, "mean image");
        assertEquals(2, r.components().size(), "rank-2 data has two components; k = 5 is truncated");
        double unitVar = (n / 2.0) / (n - 1);
        assertEquals(9 * unitVar, r.explainedVariance()[0], 1e-10);
        assertEquals(unitVar, r.explainedVariance()[1], 1e-10);
        assertEquals(10 * unitVar, r.totalVariance(), 1e-10);
        assertEquals(0.9, r.explainedVarianceRatio(0), 1e-12);
        assertEquals(0.1, r.explainedVarianceRatio(1), 1e-12);
        // sign convention: the largest-magnitude entry is positive
        assertTrue(r.components().get(0).maxAbsDifference(orientedLikeTheConvention(V1)) < 1e-10);
        assertTrue(r.components().get(1).maxAbsDifference(orientedLikeTheConvention(V2)) < 1e-10);
    }

    /**
     * The paper's size: 128 samples of 32x32x3 with one planted direction (std 5) in isotropic noise (std 0.05,
     * total variance 7.7). With d = 3072 much larger than n = 128 the estimate is perturbed by about
     * (d/n) 0.05^2 / 25 = 0.24% in cos^2, so |cos| > 0.99 holds with margin, and the ratio is about 0.76.
     */
    @Test
    void findsAStrongDirectionIn128ImagesOf32x32x3() {
        Random rng = new Random(2L);
        Hwc direction = unit(TestMaps.gaussian(rng, 32, 32, 3));
        List<Hwc> images = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            images.add(TestMaps.gaussian(rng, 32, 32, 3).scale(0.05).plusScaled(5 * rng.nextGaussian(), direction));
        }
        PrincipalComponents.Result r = PrincipalComponents.compute(images, 3);
        assertEquals(3, r.components().size());
        assertTrue(Math.abs(r.components().get(0).dot(direction)) > 0.99, "top component aligns with the plant");
        assertEquals(1.0, r.components().get(1).squaredNorm(), 1e-10);
        assertEquals(0.0, r.components().get(0).dot(r.components().get(1)), 1e-10);
        assertTrue(r.explainedVarianceRatio(0) > 0.5 && r.explainedVariance()[0] > r.explainedVariance()[1]);
    }

    @Test
    void displayRangeScalesTheLargestMagnitudeToOne() {
        assertEquals(Hwc.of(1, 3, 1, 0.5, -1, 0.25), PrincipalComponents.toDisplayRange(Hwc.of(1, 3, 1, 2, -4, 1)));
        assertEquals(Hwc.zeros(1, 2, 1), PrincipalComponents.toDisplayRange(Hwc.zeros(1, 2, 1)));
    }

    @Test
    void invalidInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PrincipalComponents.compute(List.of(V1), 1));
        assertThrows(IllegalArgumentException.class, () -> PrincipalComponents.compute(List.of(V1, V2), 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrincipalComponents.compute(List.of(V1, Hwc.zeros(2, 2, 1)), 1));
        assertTrue(e.getMessage().contains("image 1"), e.getMessage());
    }

    /** Row y is (y + 1) * (3, -1, -2, 0): largest magnitude 12 at (3, 0) only. */
    private static Hwc rowPattern() {
        double[] pattern = {3, -1, -2, 0};
        double[] v = new double[16];
        for (int i = 0; i < 16; i++) {
            v[i] = (i / 4 + 1) * pattern[i % 4];
        }
        return new Hwc(4, 4, 1, v);
    }

    private static Hwc generic() {
        double[] v = new double[16];
        for (int i = 0; i < 16; i++) {
            v[i] = (i * 7 % 16) - 5.5 + 0.1 * i;
        }
        return new Hwc(4, 4, 1, v);
    }

    private static Hwc orthogonalise(Hwc x, Hwc unitDirection) {
        return x.plusScaled(-x.dot(unitDirection), unitDirection);
    }

    private static Hwc unit(Hwc x) {
        return x.scale(1 / Math.sqrt(x.squaredNorm()));
    }

    private static Hwc orientedLikeTheConvention(Hwc v) {
        int arg = 0;
        for (int i = 1; i < v.size(); i++) {
            if (Math.abs(v.values()[i]) > Math.abs(v.values()[arg])) {
                arg = i;
            }
        }
        return v.values()[arg] < 0 ? v.scale(-1) : v;
    }
}
