package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@link ManifestDiff}: the comparison behind {@code udpm diff}. */
class ManifestDiffTest {

    @Test
    void sameNamesAndDigestsAreIdentical() {
        ManifestDiff diff = ManifestDiff.compare(Map.of("000000.png", "a", "000001.png", "b", "grid.png", "g"),
                Map.of("000000.png", "a", "000001.png", "b", "grid.png", "g"));
        assertTrue(diff.same());
        assertEquals(List.of("000000.png", "000001.png", "grid.png"), diff.identical());
        assertEquals(0, diff.missing());
    }

    @Test
    void aDifferentDigestOrAnObjectOnlyOneJobHasMakesThemDifferent() {
        ManifestDiff diff = ManifestDiff.compare(
                Map.of("000000.png", "a", "000001.png", "b", "000002.png", "c", "grid.png", "g"),
                Map.of("000000.png", "a", "000001.png", "X", "000003.png", "d"));
        assertFalse(diff.same());
        assertEquals(List.of("000000.png"), diff.identical());
        assertEquals(List.of("000001.png"), diff.different());
        assertEquals(List.of("000002.png", "grid.png"), diff.onlyInFirst());
        assertEquals(List.of("000003.png"), diff.onlyInSecond());
        assertEquals(3, diff.missing());

        assertFalse(ManifestDiff.compare(Map.of("000000.png", "a"), Map.of()).same(), "a missing object differs");
        assertTrue(ManifestDiff.compare(Map.of(), Map.of()).same());
    }

    @Test
    void imagesAreDescribedByIndexOtherObjectsByNameAndLongListsAreCut() {
        assertEquals("0, 12, 999999, grid.png", ManifestDiff.describe(List.of("000000.png", "000012.png",
                "999999.png", "grid.png"), 10));
        assertEquals("1, 2 ... and 2 more", ManifestDiff.describe(List.of("000001.png", "000002.png", "000003.png",
                "000004.png"), 2));
        assertEquals("-", ManifestDiff.describe(List.of(), 5));
    }
}
