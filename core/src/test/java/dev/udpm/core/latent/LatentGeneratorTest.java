package dev.udpm.core.latent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.udpm.core.math.Hwc;
import dev.udpm.core.math.Schedule;
import org.junit.jupiter.api.Test;

class LatentGeneratorTest {

    private final LatentShapes shapes = LatentShapes.of(Schedule.paperDefault(), 32, 3);
    private final LatentGenerator generator = new LatentGenerator(shapes);

    /** Vigna's splitmix64.c seeded with 0 (published reference outputs). */
    @Test
    void mixFunctionReproducesThePublishedSplitMix64Outputs() {
        assertEquals(0xE220A8397B1DCDAFL, LatentGenerator.mix64(LatentGenerator.GAMMA));
        assertEquals(0x6E789E6AA1B965F4L, LatentGenerator.mix64(2 * LatentGenerator.GAMMA));
        assertEquals(0x06C45D188009454FL, LatentGenerator.mix64(3 * LatentGenerator.GAMMA));
    }

    /** Re-derives the first two normals of e_1 for (seed 42, index 7) from the javadoc with a minimal SplitMix64. */
    @Test
    void firstNormalsFollowTheDocumentedSpecification() {
        long key = mix(mix(mix(42L) ^ 7L) ^ 1L);
        long state = key;
        state += 0x9E3779B97F4A7C15L;
        long w1 = mix(state);
        state += 0x9E3779B97F4A7C15L;
        long w2 = mix(state);
        double u1 = ((w1 >>> 11) + 1) / 9007199254740992.0;  // 2^53
        double u2 = (w2 >>> 11) / 9007199254740992.0;
        double r = StrictMath.sqrt(-2 * StrictMath.log(u1));
        Hwc e1 = generator.level(42L, 7L, 1);
        assertEquals(r * StrictMath.cos(6.283185307179586 * u2), e1.get(0, 0, 0), 0.0);
        assertEquals(r * StrictMath.sin(6.283185307179586 * u2), e1.get(0, 0, 1), 0.0);
    }

    /**
     * Values from an independent Python implementation of the javadoc specification (Python's libm, so up to a
     * few ulp may differ): proof that the spec is complete enough to be re-implemented elsewhere.
     */
    @Test
    void goldenValuesFromAnIndependentImplementation() {
        Hwc e1 = generator.level(42L, 7L, 1);
        assertEquals(-1.2897583841866407, e1.get(0, 0, 0), 1e-14);
        assertEquals(0.4359035581905847, e1.get(0, 0, 1), 1e-14);
        assertEquals(0.1680465508017041, e1.get(0, 0, 2), 1e-14);
        Hwc e3 = generator.level(42L, 7L, 3);
        assertEquals(0.41614948347465214, e3.values()[0], 1e-14);
        assertEquals(-0.6103794392510982, e3.values()[1], 1e-14);
        assertEquals(1.1684668048201932, e3.values()[2], 1e-14);
        Hwc e2 = generator.level(-1L, 0L, 2);
        assertEquals(-1.8282049769607847, e2.get(0, 0, 0), 1e-14);
        assertEquals(0.45373488884147367, e2.get(0, 0, 1), 1e-14);
        assertEquals(-0.8086846587270569, e2.get(0, 0, 2), 1e-14);
    }

    @Test
    void latentsDependOnlyOnSeedAndIndexNotOnBatchOrCallOrder() {
        List<Latents> batch = generator.generate(99L, 10L, 4);
        Latents third = generator.generate(99L, 12L);    // asked for alone, after the batch
        assertEquals(batch.get(2), third);
        List<Latents> otherBatch = generator.generate(99L, 12L, 1);
        assertEquals(third, otherBatch.get(0));
        // level by level, in reverse order, equals the whole
        assertEquals(third.level(3), generator.level(99L, 12L, 3));
        assertEquals(third.level(1), generator.level(99L, 12L, 1));
        // a generator for another image size shares each level's prefix: values never depend on the shape
        LatentGenerator small = new LatentGenerator(LatentShapes.of(Schedule.paperDefault(), 8, 3));
        assertEquals(third.level(1).values()[5], small.level(99L, 12L, 1).values()[5], 0.0);
    }

    @Test
    void differentIndexSeedOrLevelGiveDifferentLatents() {
        Latents base = generator.generate(1L, 0L);
        assertNotEquals(base, generator.generate(1L, 1L));
        assertNotEquals(base, generator.generate(2L, 0L));
        assertNotEquals(base.level(2).values()[0], base.level(3).values()[0]);
    }

    @Test
    void theLatentShapesAreThoseOfTheLevels() {
        Latents latents = generator.generate(5L, 5L);
        assertEquals("(16, 16, 3)", latents.level(1).shapeString());
        assertEquals("(8, 8, 3)", latents.level(2).shapeString());
        assertEquals("(4, 4, 3)", latents.level(3).shapeString());
    }

    /** Moments of 200k normals; tolerances are 5 standard errors at that n. */
    @Test
    void normalsHaveMeanZeroVarianceOneAndTheNormalOneSigmaMass() {
        int n = 200_000;
        double[] x = LatentGenerator.normals(LatentGenerator.key(2024L, 3L, 1), n);
        double sum = 0;
        double sumSq = 0;
        double sumFourth = 0;
        int withinOneSigma = 0;
        for (double v : x) {
            sum += v;
            sumSq += v * v;
            sumFourth += v * v * v * v;
            withinOneSigma += Math.abs(v) < 1 ? 1 : 0;
        }
        double mean = sum / n;
        double variance = sumSq / n - mean * mean;
        assertEquals(0.0, mean, 5 / Math.sqrt(n));
        assertEquals(1.0, variance, 5 * Math.sqrt(2.0 / n));
        assertEquals(3.0, sumFourth / n, 5 * Math.sqrt(96.0 / n));                 // Var(x^4) = 105 - 9
        double p = 0.682689492137;                                                     // P(|x| < 1)
        assertEquals(p, (double) withinOneSigma / n, 5 * Math.sqrt(p * (1 - p) / n));
        // neighbours (the cos and sin of one pair, and consecutive pairs) are uncorrelated
        double lag1 = 0;
        for (int i = 0; i + 1 < n; i++) {
            lag1 += x[i] * x[i + 1];
        }
        assertEquals(0.0, lag1 / (n - 1), 5 / Math.sqrt(n));
    }

    @Test
    void oddElementCountsDropTheLastSine() {
        double[] five = LatentGenerator.normals(123L, 5);
        double[] six = LatentGenerator.normals(123L, 6);
        for (int i = 0; i < 5; i++) {
            assertEquals(six[i], five[i], 0.0);
        }
        assertTrue(Double.isFinite(five[4]));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
