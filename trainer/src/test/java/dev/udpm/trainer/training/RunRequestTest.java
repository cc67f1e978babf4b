package dev.udpm.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.udpm.core.train.TrainingConfig;
import dev.udpm.schemas.Json;
import org.junit.jupiter.api.Test;

/** The run request's defaults (one list) and its rules for the fields the command line and the API share. */
class RunRequestTest {

    private static RunRequest body(String json) {
        return Json.read(json, RunRequest.class);
    }

    @Test
    void defaultsAreTheMethodsValuesWrittenOnce() {
        TrainingConfig paper = TrainingConfig.paperDefaults();
        RunRequest d = body("{\"dataset\":\"fashion-mnist\"}").withDefaults("r1", true);
        assertEquals(paper.batchSize(), d.batch());
        assertEquals(paper.seed(), d.seed());
        assertEquals(paper.generatorLearningRate(), d.hyperparameters().generatorLearningRate());
        assertEquals(paper.r1Gammas(), d.hyperparameters().r1Gammas());
        assertEquals(List.of(), d.levels());
        assertNull(d.imageSize(), "image size and channels belong to folder datasets");
        assertEquals(RunRequest.DEFAULTS.steps(), d.steps());
        assertEquals(d, d.withDefaults("other", true), "defaulting a defaulted request changes nothing");
        assertTrue(d.violations(true).isEmpty(), d.violations(true).toString());
        // the loop configuration of the defaults is the method's training configuration with the seed and batch
        TrainingRunConfig c = d.toRunConfig(TrainingTestData.dataset(40, 1));
        assertEquals(paper, c.training());
        assertEquals(0.0, body("{\"dataset\":\"fashion-mnist\"}").withDefaults("r1", false).hyperparameters()
                .perceptualWeight(), "no classifier, no perceptual loss");
    }

    @Test
    void aRunJsonWrittenBeforeR1GammasAndLevelsExistedTakesTheirDefaults() {
        RunRequest stored = body("{\"runId\":\"old\",\"dataset\":\"fashion-mnist\",\"network\":\"tiny\",\"steps\":10,"
                + "\"batch\":4,\"seed\":7,\"checkpointEvery\":2,\"sampleEvery\":2,\"logEvery\":1,\"keepCheckpoints\":2,"
                + "\"hyperparameters\":{\"generatorLearningRate\":0.001,\"discriminatorLearningRate\":0.001,"
                + "\"warmupSteps\":0,\"emaDecay\":0.999,\"perceptualWeight\":0.0,\"instanceNoise\":0.4,"
                + "\"noiseDecay\":0.99},\"graphOptimizations\":false,\"modelName\":\"m\",\"exportOnFinish\":true}");
        RunRequest resumed = stored.withDefaults("old", false);
        assertEquals(TrainingConfig.paperDefaults().r1Gammas(), resumed.hyperparameters().r1Gammas());
        assertEquals(List.of(), resumed.levels());
        assertEquals(0.001, resumed.hyperparameters().generatorLearningRate());
        assertTrue(resumed.violations(false).isEmpty());
    }

    @Test
    void r1GammasAndLevelsAreCheckedNamingTheElement() {
        List<FieldViolation> v = body("{\"dataset\":\"fashion-mnist\",\"levels\":[1,4,null],"
                + "\"hyperparameters\":{\"r1Gammas\":[0.1,-1]}}").withDefaults("r", false).violations(false);
        List<String> fields = v.stream().map(FieldViolation::field).toList();
        assertEquals(List.of("/hyperparameters/r1Gammas", "/hyperparameters/r1Gammas/1", "/levels/1", "/levels/2"),
                fields, v.toString());
        RunRequest ok = body("{\"dataset\":\"fashion-mnist\",\"levels\":[3],"
                + "\"hyperparameters\":{\"r1Gammas\":[0,0.2,0.8]}}").withDefaults("r", false);
        assertTrue(ok.violations(false).isEmpty());
        TrainingRunConfig c = ok.toRunConfig(TrainingTestData.dataset(40, 1));
        assertEquals(List.of(3), c.levelDraw());
        assertEquals(List.of(0.0, 0.2, 0.8), c.training().r1Gammas());
    }
}
