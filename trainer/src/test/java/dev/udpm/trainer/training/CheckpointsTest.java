package dev.udpm.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.udpm.core.train.LossTerm;
import dev.udpm.core.train.StepLosses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    private static TrainingState state(long step) {
        LossHistory history = new LossHistory();
        history.add(new StepLosses(2, Map.of(LossTerm.D_REAL, 0.5, LossTerm.D_FAKE, 0.75)),
                new StepLosses(2, Map.of(LossTerm.G_L1, 0.1 + step)), 0.25);
        return new TrainingState(step, 1.5 * step, TrainingTestData.config(10, 2, 2, 2), history);
    }

    private static void fakeSave(String prefix) {
        try {
            Files.writeString(Path.of(prefix + ".index"), "index");
            Files.writeString(Path.of(prefix + ".data-00000-of-00001"), "data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void writesCompleteFoldersKeepsTheNewestAndRoundTripsTheState(@TempDir Path run) {
        Checkpoints checkpoints = new Checkpoints(run, 2);
        for (long step : new long[] {2, 4, 6}) {
            checkpoints.write(state(step), CheckpointsTest::fakeSave);
        }
        assertEquals(List.of(4L, 6L), checkpoints.list().stream().map(Checkpoints::stepOf).toList());
        TrainingState read = Checkpoints.readState(checkpoints.latest().orElseThrow());
        assertEquals(6, read.step());
        assertEquals(9.0, read.trainingSeconds());
        assertEquals(TrainingTestData.config(10, 2, 2, 2), read.config());
        assertEquals(1, read.history().openSteps());
        LossHistory.Entry open = read.history().peek(6, 4);
        assertEquals(6.1, open.byLevel().get(2).get("g.l1"), 0);
        assertEquals(0.75, open.overall().get("d.fake"), 0);
        assertEquals(16.0, open.imagesPerSecond(), 1e-12, "1 step of 4 images in 0.25 s");
    }

    @Test
    void aKilledWriteLeavesThePreviousCheckpointAndIsCleanedUp(@TempDir Path run) throws IOException {
        Checkpoints checkpoints = new Checkpoints(run, 3);
        checkpoints.write(state(2), CheckpointsTest::fakeSave);
        // a process killed while saving step 4: a temporary folder without its state file
        Path leftover = checkpoints.directory().resolve(".tmp-" + Checkpoints.name(4));
        Files.createDirectories(leftover);
        Files.writeString(leftover.resolve("model.index"), "partial");
        // and a folder with the final name but no state file (e.g. copied by hand)
        Files.createDirectories(checkpoints.directory().resolve(Checkpoints.name(5)));
        assertEquals(2, Checkpoints.stepOf(checkpoints.latest().orElseThrow()), "incomplete folders are ignored");
        checkpoints.write(state(4), CheckpointsTest::fakeSave);
        assertFalse(Files.exists(leftover), "the temporary folder is removed");
        assertEquals(List.of(2L, 4L), checkpoints.list().stream().map(Checkpoints::stepOf).toList());
        assertTrue(Files.isRegularFile(checkpoints.latest().orElseThrow().resolve("model.index")));
    }
}
