package dev.udpm.core.latent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import dev.udpm.core.math.Hwc;
import dev.udpm.core.math.Schedule;
import org.junit.jupiter.api.Test;

class LatentOpsTest {

    private final LatentShapes shapes = LatentShapes.of(Schedule.paperDefault(), 32, 3);
    private final LatentGenerator generator = new LatentGenerator(shapes);
    private final Latents a = generator.generate(1L, 0L);
    private final Latents b = generator.generate(1L, 1L);
    private final Latents c = generator.generate(1L, 2L);
    private final Latents d = generator.generate(1L, 3L);
    private final Set<Integer> all = LatentOps.allLevels(3);

    @Test
    void gridCornersAreTheCornersExactlyInReadingOrder() {
        int n = 5;
        List<Latents> grid = LatentOps.interpolationGrid(a, b, c, d, n, all);
        assertEquals(n * n, grid.size());
        assertEquals(a, grid.get(0));               // top-left
        assertEquals(b, grid.get(n - 1));           // top-right
        assertEquals(c, grid.get((n - 1) * n));     // bottom-left
        assertEquals(d, grid.get(n * n - 1));       // bottom-right
    }

    @Test
    void gridCellIsTheDocumentedFormulaByHand() {
        int n = 3; // eta, delta in {1, 0.5, 0}; the centre cell has eta = delta = 0.5
        Latents centre = LatentOps.interpolationGrid(a, b, c, d, n, all).get(4);
        double s = Math.sqrt(0.75);
        for (int l = 1; l <= 3; l++) {
            int k = 17 % a.level(l).size();
            double expected = 0.5 * (0.5 * a.level(l).values()[k] + s * b.level(l).values()[k])
                    + s * (0.5 * c.level(l).values()[k] + s * d.level(l).values()[k]);
            assertEquals(expected, centre.level(l).values()[k], 1e-14, "level " + l);
        }
        // row 1, column 0: eta = 0.5, delta = 1 -> 0.5 A + sqrt(0.75) C
        Latents left = LatentOps.interpolationGrid(a, b, c, d, n, all).get(3);
        assertEquals(0.5 * a.level(2).values()[0] + s * c.level(2).values()[0], left.level(2).values()[0], 1e-14);
    }

    @Test
    void levelsNotMixedKeepCornerA() {
        List<Latents> grid = LatentOps.interpolationGrid(a, b, c, d, 4, Set.of(3));
        for (Latents cell : grid) {
            assertSame(a.level(1), cell.level(1));
            assertSame(a.level(2), cell.level(2));
        }
        assertEquals(d.level(3), grid.get(15).level(3));
        assertNotEquals(a.level(3), grid.get(15).level(3));
    }

    @Test
    void pathRunsFromAToBAndIsTheTopRowOfTheGrid() {
        List<Latents> path = LatentOps.interpolationPath(a, b, 6, all);
        assertEquals(a, path.get(0));
        assertEquals(b, path.get(5));
        List<Latents> grid = LatentOps.interpolationGrid(a, b, c, d, 6, all);
        for (int k = 0; k < 6; k++) {
            assertTrue(path.get(k).level(1).maxAbsDifference(grid.get(k).level(1)) < 1e-15);
        }
    }

    /**
     * Variance preservation: each cell of a 4x4 grid of fresh N(0, I) corners is N(0, I). Pooled over 40 corner
     * draws of e_1 (768 values each), n = 30720 per cell; the tolerance is 5 SE of a sample variance. A linear
     * blend (weights summing to 1) would give variance 0.5 or less in interior cells.
     */
    @Test
    void everyGridCellHasUnitVariance() {
        int n = 4;
        int draws = 40;
        double[] sumSq = new double[n * n];
        int count = 0;
        for (int r = 0; r < draws; r++) {
            List<Latents> corners = generator.generate(77L, 4L * r, 4);
            List<Latents> grid = LatentOps.interpolationGrid(corners.get(0), corners.get(1), corners.get(2),
                    corners.get(3), n, Set.of(1));
            for (int cell = 0; cell < n * n; cell++) {
                sumSq[cell] += grid.get(cell).level(1).squaredNorm();
            }
            count += shapes.elementCount(1);
        }
        for (int cell = 0; cell < n * n; cell++) {
            assertEquals(1.0, sumSq[cell] / count, 5 * Math.sqrt(2.0 / count), "variance of grid cell " + cell);
        }
    }

    @Test
    void swapTakesOnlyLevelLFromA() {
        List<Latents> swapped = LatentOps.swapEachLevel(a, b);
        assertEquals(3, swapped.size());
        for (int l = 1; l <= 3; l++) {
            Latents s = swapped.get(l - 1);
            assertEquals(s, LatentOps.swapLevel(a, b, l));
            for (int m = 1; m <= 3; m++) {
                assertSame(m == l ? a.level(m) : b.level(m), s.level(m), "swap of level " + l + ", level " + m);
            }
        }
    }

    @Test
    void perturbationMixesOneLevelOnTheUnitCircle() {
        Hwc fresh = generator.level(9L, 9L, 2);
        assertEquals(a, LatentOps.perturbLevel(a, 2, 1.0, fresh), "g = 1 is the identity");
        Latents replaced = LatentOps.perturbLevel(a, 2, 0.0, fresh);
        assertEquals(fresh, replaced.level(2), "g = 0 replaces e_l");
        assertSame(a.level(1), replaced.level(1));
        assertSame(a.level(3), replaced.level(3));
        Latents mixed = LatentOps.perturbLevel(a, 2, 0.6, fresh);
        assertEquals(0.6 * a.level(2).values()[7] + 0.8 * fresh.values()[7], mixed.level(2).values()[7], 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LatentOps.perturbLevel(a, 2, 1.5, fresh));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LatentOps.perturbLevel(a, 3, 0.5, fresh));
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LatentOps.interpolationGrid(a, b, c, d, 1, all));
        assertThrows(IllegalArgumentException.class, () -> LatentOps.interpolationGrid(a, b, c, d, 3, Set.of(4)));
        assertThrows(IllegalArgumentException.class, () -> LatentOps.interpolationPath(a, b, 3, Set.of()));
        Latents other = new LatentGenerator(LatentShapes.of(Schedule.paperDefault(), 16, 3)).generate(1L, 0L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LatentOps.swapLevel(a, other, 1));
        assertTrue(e.getMessage().contains("shapes"), e.getMessage());
    }
}
