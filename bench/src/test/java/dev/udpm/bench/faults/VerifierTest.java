package dev.udpm.bench.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite's judgement of stored images against the undisturbed run (one class, files in a temp folder). */
class VerifierTest {

    @TempDir
    Path bucket;

    @Test
    void countsLostDuplicatedAndCorruptImages() throws Exception {
        Path job = Files.createDirectories(bucket.resolve("jobs/j1"));
        Files.write(job.resolve("000000.png"), new byte[] {1});
        Files.write(job.resolve("000001.png"), new byte[] {9}); // corrupt
        Files.write(job.resolve("000007.png"), new byte[] {7}); // not in the undisturbed run
        Files.write(job.resolve("grid.png"), new byte[] {5}); // not an image of the job
        Map<String, String> expected = Map.of("000000.png", StoredImages.sha256(new byte[] {1}),
                "000001.png", StoredImages.sha256(new byte[] {2}), "000002.png", StoredImages.sha256(new byte[] {3}));
        StoredImages images = new StoredImages(bucket);
        assertEquals(3, images.count("j1"));
        assertTrue(images.has("j1", 7));
        assertFalse(images.has("j1", 2));

        Verifier.Diff diff = new Verifier(images).check("j1", expected, false);
        assertEquals(1, diff.lost());
        assertEquals(1, diff.duplicated());
        assertEquals(1, diff.corrupt());
        assertFalse(diff.identical());
    }

    @Test
    void aCompletedJobWithoutItsManifestIsNotIdentical() throws Exception {
        Path job = Files.createDirectories(bucket.resolve("jobs/j2"));
        Files.write(job.resolve("000000.png"), new byte[] {1});
        Verifier.Diff diff = new Verifier(new StoredImages(bucket)).check("j2",
                Map.of("000000.png", StoredImages.sha256(new byte[] {1})), true);
        assertEquals(0, diff.lost() + diff.duplicated() + diff.corrupt());
        assertFalse(diff.identical(), "no manifest: " + diff.note());
        assertTrue(diff.note().contains("manifest.json"), diff.note());
    }

    @Test
    void outcomesOfMoreThanOneTerminalEventOrAMissingImageBreakTheInvariants() {
        Outcome clean = new Outcome("s", "f", 2, 2, 0, 0, List.of(1, 1), 0, 0, 0, true, 1, 1, 2, 3, "");
        assertTrue(clean.invariantsHold());
        assertFalse(new Outcome("s", "f", 2, 2, 0, 0, List.of(1, 2), 0, 0, 0, true, 1, 1, 2, 3, "")
                .invariantsHold());
        assertFalse(new Outcome("s", "f", 2, 2, 0, 0, List.of(1, 1), 1, 0, 0, true, 1, 1, 2, 3, "")
                .invariantsHold());
        assertEquals("ok", FaultReport.verdict(new Outcome("kill-peer", "f", 1, 1, 0, 0, List.of(1), 0, 0, 0, true,
                3, 3, 20, 5, "")));
        assertTrue(FaultReport.verdict(new Outcome("kill-peer", "f", 1, 1, 0, 0, List.of(1), 0, 0, 0, true, 45, 45,
                60, 40, "")).contains("MISS"));
        assertTrue(FaultReport.verdict(new Outcome("kill-peer", "f", 1, 1, 0, 0, List.of(1), 0, 0, 0, true,
                Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 20, 5, "")).contains("first image"),
                "the hit work never got a new image: a miss");
        assertEquals("ok", FaultReport.verdict(new Outcome("kill-peer", "f", 1, 1, 0, 0, List.of(1), 0, 0, 0, true,
                Double.NaN, Double.NaN, 20, 5, "")), "nothing had to move (no first-image time): not a miss");
    }

    @Test
    void unknownScenariosAndArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FaultOptions.parse("--scenarios", "kill-peer,meteor"));
        assertTrue(e.getMessage().contains("meteor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FaultOptions.parse("--bogus", "1"));
        assertTrue(e.getMessage().contains("--bogus"), e.getMessage());
        assertEquals(List.of("store-pause", "kill-peer"), FaultOptions.parse("--scenarios", "store-pause,kill-peer")
                .scenarios());
    }
}
