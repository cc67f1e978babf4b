package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.storage.ObjectStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** {@code udpm models canary|promote|rollback} through the real broker and object store. */
class ModelsRolloutCommandsTest {

    private static final Path EXAMPLE_MANIFEST = Path.of("../schemas/examples/valid/model-manifest.json");

    /** Stores models/{name}/{version}/manifest.json with these metrics; returns the SHA-256 of its bytes. */
    private static String storeVersion(String name, String version, Map<String, Double> metrics) throws Exception {
        ObjectNode manifest = (ObjectNode) Json.mapper().readTree(Files.readString(EXAMPLE_MANIFEST));
        manifest.put("name", name).put("version", version);
        manifest.set("metrics", Json.mapper().valueToTree(metrics));
        byte[] bytes = Json.mapper().writeValueAsBytes(manifest);
        ContractValidator.shared().parseModelManifest(new String(bytes, StandardCharsets.UTF_8));
        try (ObjectStore store = TestInfra.store()) {
            store.put(ModelManifest.keyOf(name, version), bytes, "application/json");
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static ModelPublished newest(String name) {
        List<ConsumerRecord<String, String>> records = TestInfra.records(Topics.MODELS, name);
        ConsumerRecord<String, String> last = records.get(records.size() - 1);
        assertEquals(CloudEvents.TYPE_MODEL_PUBLISHED, new String(last.headers().lastHeader("ce_type").value(),
                StandardCharsets.UTF_8));
        return ContractValidator.shared().parseModelPublished(last.value());
    }

    private static int count(String name) {
        return TestInfra.records(Topics.MODELS, name).size();
    }

    @Test
    void canaryPromoteAndRollbackEachWriteOneAnnouncement() throws Exception {
        String name = "ro-" + UUID.randomUUID();
        String sha1 = storeVersion(name, "v1", Map.of("casRatio", 0.90, "fdIndependent", 10.0));
        String sha2 = storeVersion(name, "v2", Map.of("casRatio", 0.92, "fdIndependent", 9.5));
        storeVersion(name, "v3", Map.of("casRatio", 0.50, "fdIndependent", 10.0));
        TestInfra.Result first = TestInfra.run("models rollback", name, "--to", "v1");
        assertEquals(ExitCodes.NOT_FOUND, first.code(), "nothing announced yet: " + first);
        TestInfra.produce(Topics.MODELS, name, Json.write(new ModelPublished(name, "v1", new ModelPublished.Location(
                "udpm", "models/" + name + "/v1/"), sha1, java.time.Instant.parse("2026-12-01T00:00:00Z"),
                Map.of("casRatio", 0.90, "fdIndependent", 10.0), null)));

        TestInfra.Result canary = TestInfra.run("models canary", name, "v2", "--percent", "10");
        assertEquals(ExitCodes.OK, canary.code(), canary.toString());
        assertTrue(canary.out().contains("latest v1, canary v2 for 10 % of unpinned jobs"), canary.toString());
        ModelPublished c = newest(name);
        assertEquals("v1", c.version());
        assertEquals(sha1, c.manifestSha256());
        assertEquals("v2", c.canary().version());
        assertEquals(sha2, c.canary().manifestSha256(), "the canary is announced with its stored manifest's hash");
        assertEquals(10, c.canary().percent());
        assertEquals(ModelPublished.Rollout.CANARY, c.rollout());

        int before = count(name);
        TestInfra.Result worse = TestInfra.run("models canary", name, "v3", "--percent", "10");
        assertEquals(ExitCodes.INVALID_INPUT, worse.code(), worse.toString());
        assertTrue(worse.err().contains("casRatio 0.5000 is below the latest's 0.9000"), worse.toString());
        assertTrue(worse.err().contains("--force"), worse.toString());
        assertEquals(before, count(name), "a refused step announces nothing");
        TestInfra.Result loose = TestInfra.run("models canary", name, "v3", "--percent", "10",
                "--max-cas-ratio-drop", "0.5");
        assertEquals(ExitCodes.OK, loose.code(), "a configured margin lets it through: " + loose);
        TestInfra.Result forced = TestInfra.run("models canary", name, "v2", "--percent", "20", "--force");
        assertEquals(ExitCodes.OK, forced.code(), forced.toString());
        assertEquals(20, newest(name).canary().percent());

        for (String[] bad : new String[][] {{"models canary", name, "v2", "--percent", "100"},
                {"models canary", name, "v1", "--percent", "10"}}) {
            TestInfra.Result r = TestInfra.run(bad[0], java.util.Arrays.copyOfRange(bad, 1, bad.length));
            assertEquals(ExitCodes.INVALID_INPUT, r.code(), r.toString());
        }
        TestInfra.Result missing = TestInfra.run("models canary", name, "nope", "--percent", "10");
        assertEquals(ExitCodes.NOT_FOUND, missing.code(), missing.toString());
        assertTrue(missing.err().contains("models/" + name + "/nope/manifest.json does not exist"), missing.toString());
        TestInfra.Result hostile = TestInfra.run("models canary", name, "../x", "--percent", "10");
        assertEquals(ExitCodes.INVALID_INPUT, hostile.code(), hostile.toString());

        TestInfra.Result promote = TestInfra.run("models promote", name);
        assertEquals(ExitCodes.OK, promote.code(), promote.toString());
        ModelPublished p = newest(name);
        assertEquals("v2", p.version());
        assertEquals(sha2, p.manifestSha256());
        assertNull(p.canary());
        assertEquals(ModelPublished.Rollout.PROMOTE, p.rollout());
        TestInfra.Result again = TestInfra.run("models promote", name);
        assertEquals(ExitCodes.INVALID_INPUT, again.code(), again.toString());
        assertTrue(again.err().contains("no canary to promote"), again.toString());
        TestInfra.Result noCanary = TestInfra.run("models rollback", name);
        assertTrue(noCanary.err().contains("no canary to roll back"), noCanary.toString());

        TestInfra.Result back = TestInfra.run("models rollback", name, "--to", "v1");
        assertEquals(ExitCodes.OK, back.code(), back.toString());
        ModelPublished r = newest(name);
        assertEquals("v1", r.version());
        assertEquals(sha1, r.manifestSha256());
        assertEquals(ModelPublished.Rollout.ROLLBACK, r.rollout());

        TestInfra.Result list = TestInfra.run("models");
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(name) && l.matches(".*\\sv1\\s+-\\s.*")), list.toString());
    }
}
