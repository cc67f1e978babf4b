package dev.udpm.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udpm.core.net.UNetConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainCommandTest {

    @Test
    void optionsBecomeTheRunConfiguration() {
        Map<String, String> a = TrainCommand.parse(new String[] {"--out", "/tmp/x", "--steps", "500", "--batch", "64",
            "--seed", "7", "--resume", "--lr-g", "2e-4", "--perceptual", "0", "--network", "tiny",
            "--checkpoint-every", "50", "--noise-decay", "0.6"});
        assertEquals("true", a.get("resume"));
        TrainingRunConfig c = TrainCommand.config(a, TrainingTestData.dataset(40, 1));
        assertEquals(500, c.steps());
        assertEquals(50, c.checkpointEvery());
        assertEquals(64, c.training().batchSize());
        assertEquals(7, c.training().seed());
        assertEquals(2e-4, c.training().generatorLearningRate());
        assertEquals(1e-4, c.training().discriminatorLearningRate());
        assertEquals(List.of(0.0, 0.0, 0.0), c.training().perceptualWeights());
        assertFalse(c.training().usesPerceptualLoss());
        assertEquals(UNetConfig.tiny(1, 10), c.network());
        assertEquals(0.4 * 0.6, c.training().instanceNoiseStd(1000), 1e-12);
        assertTrue(c.graphOptimizations());
    }

    @Test
    void levelsRestrictTheDrawAndSurviveTheCheckpointState() {
        TrainingRunConfig all = TrainCommand.config(TrainCommand.parse(new String[] {"--out", "/tmp/x"}),
                TrainingTestData.dataset(40, 1));
        assertEquals(List.of(), all.levelDraw());
        assertEquals(List.of(1, 2, 3), java.util.Arrays.stream(all.levelsToDraw()).boxed().toList());
        TrainingRunConfig c = TrainCommand.config(TrainCommand.parse(new String[] {"--out", "/tmp/x", "--levels",
            "1,2,3,3"}), TrainingTestData.dataset(40, 1));
        assertEquals(List.of(1, 2, 3, 3), c.levelDraw());
        assertEquals(c, TrainingRunConfig.fromMap(c.toMap()));
        Map<String, Object> old = new java.util.LinkedHashMap<>(c.toMap());
        old.remove("levelDraw");
        assertEquals(List.of(), TrainingRunConfig.fromMap(old).levelDraw(), "state written before the option");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainCommand.config(
                TrainCommand.parse(new String[] {"--out", "/tmp/x", "--levels", "4"}), TrainingTestData.dataset(40, 1)));
        assertTrue(e.getMessage().contains("level 4"), e.getMessage());
        assertEquals(List.of(0.025, 0.1, 0.04), TrainCommand.config(TrainCommand.parse(new String[] {"--out", "/tmp/x",
            "--r1", "0.025,0.1,0.04"}), TrainingTestData.dataset(40, 1)).training().r1Gammas());
        TrainingRunConfig diverse = TrainCommand.config(TrainCommand.parse(new String[] {"--out", "/tmp/x",
            "--diversity", "0,0,1.5", "--diversity-cap", "0.3"}), TrainingTestData.dataset(40, 1));
        assertEquals(List.of(0.0, 0.0, 1.5), diverse.training().diversityWeights());
        assertEquals(0.3, diverse.training().diversityCap());
        assertEquals(List.of(0.0, 0.0, 0.0), c.training().diversityWeights(), "off unless asked for");
        e = assertThrows(IllegalArgumentException.class, () -> TrainCommand.perLevel(Map.of("diversity", "0,x"),
                "diversity", List.of(0.0, 0.0, 0.0)));
        assertTrue(e.getMessage().contains("--diversity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainCommand.levels(Map.of("levels", "3,x")));
        assertTrue(e.getMessage().contains("--levels"), e.getMessage());
    }

    @Test
    void unknownOptionsAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainCommand.parse(new String[] {"--out", "/tmp/x", "--stepz", "5"}));
        assertTrue(e.getMessage().contains("--stepz") && e.getMessage().contains("steps"), e.getMessage());
    }
}
