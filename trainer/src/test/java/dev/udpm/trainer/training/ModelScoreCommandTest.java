package dev.udpm.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.udpm.core.model.GraphTuning;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelScoreCommandTest {

    @Test
    void scoresTheProjectsDefaultGraphUnlessBfloat16IsAskedFor() {
        ModelScoreCommand plain = new ModelScoreCommand();
        new CommandLine(plain).parseArgs("--model", "m", "--independent", "i");
        assertEquals(GraphTuning.defaults(), plain.device().tuning());

        ModelScoreCommand bf16 = new ModelScoreCommand();
        new CommandLine(bf16).parseArgs("--model", "m", "--independent", "i", "--onednn-bfloat16");
        assertEquals(new GraphTuning(false, false, true), bf16.device().tuning());
    }
}
