package dev.udpm.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.udpm.core.net.UNetConfig;
import dev.udpm.core.train.DiscriminatorConfig;
import dev.udpm.core.train.TrainingConfig;
import dev.udpm.schemas.Json;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint state's JSON format is the one checkpoints already on disk have. The fixture is the
 * {@code state.json} of a checkpoint the long Fashion-MNIST run wrote (step 11003) before the configuration was
 * serialised from the records, its loss history cut to two entries; the run resumes from such files.
 */
class TrainingStateFormatTest {

    static final String FIXTURE = "/checkpoint-state/long-run-step-11003.json";

    static String fixture() {
        try (InputStream in = TrainingStateFormatTest.class.getResourceAsStream(FIXTURE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aStateWrittenByTheEarlierTrainerLoads() {
        TrainingState state = TrainingState.fromJson(fixture());
        assertEquals(11003, state.step());
        assertEquals(5627.132553893983, state.trainingSeconds());
        TrainingRunConfig c = state.config();
        assertEquals(150000, c.steps());
        assertEquals(2000, c.sampleEvery());
        assertEquals(200, c.logEvery());
        assertEquals(UNetConfig.cpuDefault(1, 10), c.network());
        assertEquals(DiscriminatorConfig.cpuDefault(1, 10), c.discriminator());
        assertEquals(List.of(4.0, 4.0, 0.0), c.training().perceptualWeights());
        assertEquals(1e-8, c.training().adamEpsilon());
        assertEquals(List.of(), c.levelDraw());
        assertEquals(2, state.history().entries().size());
    }

    @Test
    void writingItAgainGivesTheSameJsonWithTheDiversityTermOff() {
        // the fixture predates the diversity term: it reads as off with the default cap, and is written with them
        String off = "\"diversityWeights\":[0.0,0.0,0.0],\"diversityCap\":" + TrainingConfig.DEFAULT_DIVERSITY_CAP + ",";
        String text = fixture();
        String expected = text.replace("\"r1Gammas\"", off + "\"r1Gammas\"");
        JsonNode rewritten = tree(TrainingState.fromJson(text).toJson());
        assertEquals(tree(expected), rewritten);
        assertEquals("udpm-unet", rewritten.at("/config/network/architecture").asText());
        String configText = expected.substring(expected.indexOf("\"config\":") + 9, expected.indexOf(",\"history\":"));
        assertEquals(configText, RunConfigJson.toJson(TrainingState.fromJson(text).config()),
                "the configuration's text, key order and number forms included, is the earlier writer's");
        String on = text.replace("\"r1Gammas\"", "\"diversityWeights\":[0.0,0.0,4.0],\"diversityCap\":0.2,\"r1Gammas\"");
        assertEquals(List.of(0.0, 0.0, 4.0), TrainingState.fromJson(on).config().training().diversityWeights());
        assertEquals(0.2, TrainingState.fromJson(on).config().training().diversityCap());
    }

    @Test
    void aStateWrittenBeforeLevelDrawExistedDrawsEveryLevel() {
        String old = edit(c -> c.remove("levelDraw"));
        assertEquals(List.of(), TrainingState.fromJson(old).config().levelDraw());
        assertEquals(List.of(3, 3), TrainingState.fromJson(edit(c -> c.putArray("levelDraw").add(3).add(3)))
                .config().levelDraw());
    }

    @Test
    void aDamagedStateIsRefusedNamingTheField() {
        assertRefused(edit(c -> ((ObjectNode) c.get("training")).remove("emaDecay")), "emaDecay");
        assertRefused(edit(c -> ((ObjectNode) c.get("discriminator")).remove("minibatchStd")), "minibatchStd");
        assertRefused(edit(c -> ((ObjectNode) c.get("training")).put("seed", "one")), "seed");
        assertRefused(edit(c -> ((ObjectNode) c.get("training")).putNull("batchSize")), "batchSize");
        assertRefused(edit(c -> c.put("stepz", 5)), "stepz");
        assertRefused(edit(c -> ((ObjectNode) c.get("network")).put("architecture", "other-net")), "other-net");
        assertRefused(edit(c -> ((ObjectNode) c.get("training")).put("emaDecay", 2.0)), "emaDecay");
        assertRefused(edit(c -> c.put("keepCheckpoints", 0)), "keepCheckpoints");
        assertRefused(fixture().replace("\"formatVersion\":1", "\"formatVersion\":2"), "formatVersion");
        assertRefused(fixture().replace("\"step\":11003,", ""), "step");
        assertRefused("{\"formatVersion\":1", "not valid JSON");
    }

    private static void assertRefused(String json, String named) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingState.fromJson(json));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    private static String edit(Consumer<ObjectNode> config) {
        ObjectNode state = (ObjectNode) tree(fixture());
        config.accept((ObjectNode) state.get("config"));
        return state.toString();
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
