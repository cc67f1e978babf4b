package dev.udpm.core.math;

import static dev.udpm.core.math.DegradationOperator.applyHTranspose;
import static dev.udpm.core.math.DegradationOperator.project;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class PosteriorTest {

    private final Schedule schedule = Schedule.paperDefault();
    private final Posterior exact = new Posterior(schedule, PosteriorMode.EXACT);
    private final Posterior paper = new Posterior(schedule, PosteriorMode.PAPER_CODE);
    private final Random rng = new Random(11L);

    /** docs/method.md#7-reference-values; tolerances are half a unit of the last printed digit. */
    @Test
    void paperCodeCoefficientsMatchTheSectionSevenReference() {
        PosteriorCoefficients l3 = paper.coefficients(3);
        assertEquals(4.4888869e-4, l3.xlWeight(), 5e-12);
        assertEquals(0.09999995511, l3.fWeight(), 5e-12);
        assertEquals(0.2009974673, l3.noiseStd(), 5e-11);
        PosteriorCoefficients l2 = paper.coefficients(2);
        assertEquals(0.0495049505, l2.xlWeight(), 5e-11);
        assertEquals(0.495049505, l2.fWeight(), 5e-10);
        assertEquals(0.0995037190, l2.noiseStd(), 5e-11);
        assertEquals(1.0, l2.a(), 1e-12);    // 0.2^2 / 0.2^2
        assertEquals(100.0, l2.b(), 1e-12);  // 1 / 0.01
        assertTrue(l2.isScalar() && l3.isScalar());
    }

    @Test
    void exactCoefficientsShareTheRangePartAndUseAlphaBarAndSigmaBarOnTheComplement() {
        for (int l = 2; l <= 3; l++) {
            PosteriorCoefficients e = exact.coefficients(l);
            PosteriorCoefficients p = paper.coefficients(l);
            assertEquals(p.xlWeight(), e.xlWeight(), 0.0);
            assertEquals(p.fWeight(), e.fWeight(), 0.0);
            assertEquals(p.noiseStd(), e.noiseStd(), 0.0);
            assertEquals(schedule.alphaBar(l - 1), e.fComplementWeight(), 1e-15);
            assertEquals(schedule.sigmaBar(l - 1), e.noiseComplementStd(), 1e-15);
            assertEquals(1.0 / e.b(), e.varianceInComplement(), 1e-15);
            assertEquals(1.0 / (e.a() + e.b()), e.varianceInRange(), 1e-15);
            assertFalse(e.isScalar());
        }
        // l = 2: 1/sqrt(101) - 1/sqrt(100)
        assertEquals(1 / Math.sqrt(101) - 0.1, exact.coefficients(2).qNoiseCorrection(), 1e-15);
    }

    @Test
    void paperCodeSampleIsTheScalarFormOfSectionSeven() {
        Hwc x2 = TestMaps.gaussian(rng, 4, 4, 3);
        Hwc f = TestMaps.uniform(rng, 8, 8, 3);
        Hwc e1 = TestMaps.gaussian(rng, 8, 8, 3);
        Hwc expected = applyHTranspose(x2).scale(0.0495049505).plusScaled(0.495049505, f)
                .plusScaled(0.0995037190, e1);
        assertTrue(paper.sample(2, x2, f, e1).maxAbsDifference(expected) < 1e-8);
    }

    /** The doc's form: x = mu + z/sqrt(b) + (1/sqrt(a+b) - 1/sqrt(b)) Q z, mu from section 3. */
    @Test
    void exactSampleIsTheMeanPlusTheProjectionShapedNoise() {
        for (int l = 2; l <= 3; l++) {
            Hwc xl = TestMaps.gaussian(rng, 4, 4, 3);
            Hwc f = TestMaps.uniform(rng, 8, 8, 3);
            Hwc z = TestMaps.gaussian(rng, 8, 8, 3);
            double a = schedule.alpha(l) * schedule.alpha(l) / Math.pow(schedule.sigma(l), 2);
            double b = 1.0 / schedule.sigmaBarSq(l - 1);
            Hwc qf = project(f);
            Hwc mu = applyHTranspose(xl).scale(schedule.alpha(l) / Math.pow(schedule.sigma(l), 2))
                    .plusScaled(schedule.alphaBar(l - 1) / schedule.sigmaBarSq(l - 1), qf).scale(1.0 / (a + b))
                    .plusScaled(schedule.alphaBar(l - 1), f.minus(qf));
            Hwc expected = mu.plusScaled(1.0 / Math.sqrt(b), z)
                    .plusScaled(1.0 / Math.sqrt(a + b) - 1.0 / Math.sqrt(b), project(z));
            assertTrue(exact.mean(l, xl, f).maxAbsDifference(mu) < 1e-12, "mean at l=" + l);
            assertTrue(exact.sample(l, xl, f, z).maxAbsDifference(expected) < 1e-12, "sample at l=" + l);
        }
    }

    /** mu solves Sigma^-1 mu = (alpha_l/sigma_l^2) H^T x_l + (alphaBar_{l-1}/sigmaBarSq_{l-1}) f (eqs. 11-12). */
    @Test
    void exactMeanSolvesTheNormalEquations() {
        Schedule strong = Schedule.of(new double[] {0.5, 0.9}, new double[] {0.1, 0.1}); // a = 81, b = 100
        Posterior p = new Posterior(strong, PosteriorMode.EXACT);
        Hwc xl = TestMaps.gaussian(rng, 3, 5, 2);
        Hwc f = TestMaps.uniform(rng, 6, 10, 2);
        Hwc mu = p.mean(2, xl, f);
        double a = 81, b = 100;
        Hwc lhs = project(mu).scale(a).plusScaled(b, mu);                     // (a Q + b I) mu
        Hwc rhs = applyHTranspose(xl).scale(0.9 / 0.01).plusScaled(0.5 / 0.01, f);
        assertTrue(lhs.maxAbsDifference(rhs) < 1e-10, "residual " + lhs.maxAbsDifference(rhs));
        // The scalar form instead solves (a + b) mu = rhs.
        Hwc muPaper = new Posterior(strong, PosteriorMode.PAPER_CODE).mean(2, xl, f);
        assertTrue(muPaper.scale(a + b).maxAbsDifference(rhs) < 1e-10);
        // ... and the two agree on block-constant images, differing only on (I - Q).
        assertTrue(project(mu).maxAbsDifference(project(muPaper)) < 1e-12);
        assertNotEquals(0.0, mu.maxAbsDifference(muPaper));
    }

    @Test
    void stepOneIsTheNoiselessLimitXZeroEqualsF() {
        for (Posterior p : new Posterior[] {exact, paper}) {
            PosteriorCoefficients k = p.coefficients(1);
            assertEquals(Double.POSITIVE_INFINITY, k.b());
            assertEquals(0.0, k.xlWeight());
            assertEquals(1.0, k.fWeight());
            assertEquals(0.0, k.noiseStd());
            assertTrue(k.isScalar());
            Hwc x1 = TestMaps.gaussian(rng, 4, 4, 3);
            Hwc f = TestMaps.uniform(rng, 8, 8, 3);
            assertEquals(f, p.sample(1, x1, f, null));
            assertEquals(f, p.sample(1, x1, f, TestMaps.gaussian(rng, 8, 8, 3)));
        }
    }

    @Test
    void atTheCoarsestPaperStepTheModesDifferByLessThanOnePartInAMillion() {
        PosteriorCoefficients e = exact.coefficients(3);
        // a / (a + b) = 4.5e-7: the scalar approximation is practically exact at l = 3 (doc section 3).
        assertEquals(e.fWeight(), e.fComplementWeight(), 1e-6 * e.fComplementWeight());
        assertEquals(e.noiseStd(), e.noiseComplementStd(), 1e-6 * e.noiseComplementStd());
    }

    @Test
    void wrongShapesAndMissingNoiseAreRejected() {
        Hwc xl = Hwc.zeros(4, 4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> exact.sample(2, xl, Hwc.zeros(4, 4, 3), Hwc.zeros(8, 8, 3)));
        assertTrue(e.getMessage().contains("f ") && e.getMessage().contains("(8, 8, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> exact.sample(2, xl, Hwc.zeros(8, 8, 3), Hwc.zeros(8, 8, 1)));
        assertTrue(e.getMessage().contains("z "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> exact.sample(2, xl, Hwc.zeros(8, 8, 3), null));
        assertTrue(e.getMessage().contains("must not be null"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> exact.coefficients(0));
        assertThrows(IllegalArgumentException.class, () -> exact.coefficients(4));
        assertThrows(NullPointerException.class, () -> new Posterior(schedule, null));
    }
}
