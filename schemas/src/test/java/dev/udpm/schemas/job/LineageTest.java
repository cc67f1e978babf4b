package dev.udpm.schemas.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.validation.ContractValidator;
import org.junit.jupiter.api.Test;

/** The request hash of {@link Lineage}: what it covers, its exact canonical form, and the seeds of each job type. */
class LineageTest {

    static final String BASE = "{\"type\":\"generate\",\"jobId\":\"a-1\",\"submittedAt\":\"2025-06-01T12:00:00Z\","
            + "\"model\":{\"name\":\"fashion-mnist\"},\"count\":4,\"seed\":7,\"classLabels\":[3,1,2,0],"
            + "\"output\":{\"grid\":true}}";

    @Test
    void theCanonicalFormSortsEveryObjectsPropertiesAndDropsTheFieldsThatDoNotChangeImages() throws Exception {
        String canonical = Lineage.canonicalRequestJson(parse(BASE.replace("\"jobId\":\"a-1\"", "\"jobId\":\"a-1\","
                + "\"priority\":3,\"tenant\":\"acme\",\"callback\":{\"k\":\"v\"}")
                .replace("{\"name\":\"fashion-mnist\"}", "{\"name\":\"fashion-mnist\",\"version\":\"v9\"}")));
        String expected = "{\"classLabels\":[3,1,2,0],\"count\":4,\"model\":{\"name\":\"fashion-mnist\"},"
                + "\"output\":{\"grid\":true},\"seed\":7,\"type\":\"generate\"}";
        assertEquals(expected, canonical);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(expected.getBytes(StandardCharsets.UTF_8))), Lineage.requestSha256(parse(BASE)));
    }

    @Test
    void fieldsThatDoNotChangeTheImagesDoNotChangeTheHash() {
        String base = Lineage.requestSha256(parse(BASE));
        for (String same : List.of(
                BASE.replace("a-1", "replay-of-a-1"),
                BASE.replace("2025-06-01T12:00:00Z", "2026-01-01T00:00:00Z"),
                BASE.replace("\"count\"", "\"priority\":5,\"count\""),
                BASE.replace("\"count\"", "\"tenant\":\"acme\",\"count\""),
                BASE.replace("\"count\"", "\"callback\":{\"run\":\"2\"},\"count\""),
                BASE.replace("\"count\"", "\"webhook\":{\"url\":\"https://hooks.example.com/x\"},\"count\""),
                BASE.replace("{\"name\":\"fashion-mnist\"}", "{\"name\":\"fashion-mnist\",\"version\":\"v2\"}"))) {
            assertEquals(base, Lineage.requestSha256(parse(same)), same);
        }
    }

    @Test
    void everyFieldThatChangesTheImagesChangesTheHash() {
        String base = Lineage.requestSha256(parse(BASE));
        for (String changed : List.of(
                BASE.replace("\"seed\":7", "\"seed\":8"),
                BASE.replace("\"count\":4", "\"count\":5").replace("[3,1,2,0]", "[3]"),
                BASE.replace("[3,1,2,0]", "[3,1,0,2]"),
                BASE.replace("fashion-mnist", "other-model"),
                BASE.replace("{\"grid\":true}", "{\"grid\":false}"))) {
            assertNotEquals(base, Lineage.requestSha256(parse(changed)), changed);
        }
    }

    @Test
    void theHashOfAManifestsStoredRequestTreeIsTheHashOfItsRecord() throws Exception {
        String manifest = Files.readString(Path.of("examples/valid/job-manifest.json"));
        JsonNode tree = Json.mapper().readTree(manifest);
        JobManifest parsed = ContractValidator.shared().parseJobManifest(manifest);
        assertEquals(Lineage.requestSha256(parsed.request()), Lineage.requestSha256(tree.get("request")));
        assertEquals(parsed.lineage().requestSha256(), Lineage.requestSha256(tree.get("request")));
    }

    @Test
    void seedsAreTheRequestsSeedsInRequestOrder() {
        assertEquals(List.of(7L), Lineage.seedsOf(parse(BASE)));
        assertEquals(List.of(11L, 12L, 13L, 14L), Lineage.seedsOf(parse("{\"type\":\"interpolate\",\"jobId\":\"i\","
                + "\"submittedAt\":\"2025-06-01T12:00:00Z\",\"model\":{\"name\":\"m\"},\"corners\":[11,12,13,14],"
                + "\"gridSize\":4}")));
        assertEquals(List.of(101L, 202L), Lineage.seedsOf(parse("{\"type\":\"swap\",\"jobId\":\"s\","
                + "\"submittedAt\":\"2025-06-01T12:00:00Z\",\"model\":{\"name\":\"m\"},"
                + "\"seeds\":{\"source\":101,\"target\":202},\"levels\":[1,2]}")));
        assertEquals(List.of(42L), Lineage.seedsOf(parse("{\"type\":\"perturb\",\"jobId\":\"p\","
                + "\"submittedAt\":\"2025-06-01T12:00:00Z\",\"model\":{\"name\":\"m\"},\"seed\":42,\"level\":2,"
                + "\"strengths\":[0.5],\"samplesPerStrength\":4,\"principalComponents\":2}")));
    }

    private static JobRequest parse(String json) {
        return ContractValidator.shared().parseJobRequest(json);
    }
}
