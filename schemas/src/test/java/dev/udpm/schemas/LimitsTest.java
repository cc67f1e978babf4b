package dev.udpm.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ValidationResult;
import org.junit.jupiter.api.Test;

/**
 * {@link Limits} holds exactly the numbers of {@code limits.schema.json} (read here independently from the
 * source file), and the message schemas enforce exactly those bounds (valid at the limit, invalid one past it).
 */
class LimitsTest {

    private static final Path SOURCE = Path.of("src/main/resources/udpm/schemas/limits.schema.json");
    private static final ContractValidator VALIDATOR = ContractValidator.shared();

    private static JsonNode defs() throws IOException {
        return Json.mapper().readTree(SOURCE.toFile()).path("$defs");
    }

    @Test
    void constantsEqualTheSchemaFile() throws IOException {
        JsonNode d = defs();
        Map<String, Integer> expected = Map.ofEntries(
                Map.entry("/priority/minimum", Limits.MIN_PRIORITY),
                Map.entry("/priority/maximum", Limits.MAX_PRIORITY),
                Map.entry("/priority/default", Limits.DEFAULT_PRIORITY),
                Map.entry("/imageCount/maximum", Limits.MAX_IMAGES_PER_JOB),
                Map.entry("/gridSize/minimum", Limits.MIN_GRID_SIZE),
                Map.entry("/gridSize/maximum", Limits.MAX_GRID_SIZE),
                Map.entry("/gridColumns/maximum", Limits.MAX_GRID_COLUMNS),
                Map.entry("/level/maximum", Limits.MAX_LEVELS),
                Map.entry("/strengths/maxItems", Limits.MAX_STRENGTHS),
                Map.entry("/samplesPerStrength/minimum", Limits.MIN_SAMPLES_PER_STRENGTH),
                Map.entry("/samplesPerStrength/maximum", Limits.MAX_SAMPLES_PER_STRENGTH),
                Map.entry("/principalComponents/maximum", Limits.MAX_PRINCIPAL_COMPONENTS),
                Map.entry("/imageSize/maximum", Limits.MAX_IMAGE_SIZE),
                Map.entry("/callback/maxProperties", Limits.MAX_CALLBACK_ENTRIES),
                Map.entry("/callback/propertyNames/maxLength", Limits.MAX_CALLBACK_KEY_LENGTH),
                Map.entry("/callback/additionalProperties/maxLength", Limits.MAX_CALLBACK_VALUE_LENGTH),
                Map.entry("/webhook/properties/url/maxLength", Limits.MAX_WEBHOOK_URL_LENGTH),
                Map.entry("/samplesPerShard/maximum", Limits.MAX_SAMPLES_PER_SHARD),
                Map.entry("/samplesPerShard/default", Limits.DEFAULT_SAMPLES_PER_SHARD));
        expected.forEach((pointer, value) -> {
            JsonNode node = d.at(pointer);
            assertTrue(node.isInt(), "limits.schema.json has no integer at $defs" + pointer);
            assertEquals(node.intValue(), value, "Limits constant for $defs" + pointer);
        });
        assertTrue(Limits.MIN_PRIORITY <= Limits.DEFAULT_PRIORITY && Limits.DEFAULT_PRIORITY <= Limits.MAX_PRIORITY,
                "the default priority lies inside the range");
    }

    @Test
    void noOtherSchemaFileRepeatsALimitDefinition() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCE.getParent())) {
            for (Path file : files.filter(f -> !f.equals(SOURCE)).toList()) {
                JsonNode schema = Json.mapper().readTree(file.toFile());
                for (Iterator<String> names = defs().fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!schema.path("$defs").path(name).isMissingNode()) {
                        offenders.add(file.getFileName() + " $defs/" + name);
                    }
                }
            }
        }
        assertTrue(offenders.isEmpty(), "limits must be defined only in limits.schema.json: " + offenders);
    }

    @Test
    void countIsAcceptedAtTheLimitAndRejectedPastIt() {
        assertBound(generate(), "/count", "maximum", j -> j.put("count", Limits.MAX_IMAGES_PER_JOB),
                j -> j.put("count", Limits.MAX_IMAGES_PER_JOB + 1));
    }

    @Test
    void priorityRangeIsEnforcedAtBothEnds() {
        assertBound(generate(), "/priority", "maximum", j -> j.put("priority", Limits.MAX_PRIORITY),
                j -> j.put("priority", Limits.MAX_PRIORITY + 1));
        assertBound(generate(), "/priority", "minimum", j -> j.put("priority", Limits.MIN_PRIORITY),
                j -> j.put("priority", Limits.MIN_PRIORITY - 1));
    }

    @Test
    void gridSizeIsEnforcedAtBothEnds() {
        assertBound(interpolate(), "/gridSize", "maximum", j -> j.put("gridSize", Limits.MAX_GRID_SIZE),
                j -> j.put("gridSize", Limits.MAX_GRID_SIZE + 1));
        assertBound(interpolate(), "/gridSize", "minimum", j -> j.put("gridSize", Limits.MIN_GRID_SIZE),
                j -> j.put("gridSize", Limits.MIN_GRID_SIZE - 1));
    }

    @Test
    void samplesPerShardAreBoundedAtBothEnds() {
        assertBound(generate(), "/output/samplesPerShard", "maximum",
                j -> j.putObject("output").put("format", "shards").put("samplesPerShard", Limits.MAX_SAMPLES_PER_SHARD),
                j -> j.putObject("output").put("format", "shards").put("samplesPerShard",
                        Limits.MAX_SAMPLES_PER_SHARD + 1));
        assertBound(generate(), "/output/samplesPerShard", "minimum",
                j -> j.putObject("output").put("format", "shards").put("samplesPerShard", 1),
                j -> j.putObject("output").put("format", "shards").put("samplesPerShard", 0));
    }

    @Test
    void gridColumnsAreBounded() {
        assertBound(generate(), "/output/gridColumns", "maximum",
                j -> j.putObject("output").put("gridColumns", Limits.MAX_GRID_COLUMNS),
                j -> j.putObject("output").put("gridColumns", Limits.MAX_GRID_COLUMNS + 1));
    }

    @Test
    void levelsAreBoundedInRequestsAndManifests() {
        assertBound(perturb(), "/level", "maximum", j -> j.put("level", Limits.MAX_LEVELS),
                j -> j.put("level", Limits.MAX_LEVELS + 1));
        ObjectNode manifest = example("model-manifest.json");
        manifest.put("levels", Limits.MAX_LEVELS + 1);
        assertTrue(VALIDATOR.validate(MessageKind.MODEL_MANIFEST, manifest).has("/levels", "maximum"),
                "a model may not have more than MAX_LEVELS levels");
    }

    @Test
    void perturbBoundsAreEnforced() {
        assertBound(perturb(), "/strengths", "maxItems", j -> strengths(j, Limits.MAX_STRENGTHS),
                j -> strengths(j, Limits.MAX_STRENGTHS + 1));
        assertBound(perturb(), "/samplesPerStrength", "maximum",
                j -> j.put("samplesPerStrength", Limits.MAX_SAMPLES_PER_STRENGTH),
                j -> j.put("samplesPerStrength", Limits.MAX_SAMPLES_PER_STRENGTH + 1));
        assertBound(perturb(), "/samplesPerStrength", "minimum",
                j -> j.put("samplesPerStrength", Limits.MIN_SAMPLES_PER_STRENGTH).put("principalComponents", 1),
                j -> j.put("samplesPerStrength", Limits.MIN_SAMPLES_PER_STRENGTH - 1).put("principalComponents", 1));
        assertBound(perturb(), "/principalComponents", "maximum",
                j -> j.put("principalComponents", Limits.MAX_PRINCIPAL_COMPONENTS),
                j -> j.put("principalComponents", Limits.MAX_PRINCIPAL_COMPONENTS + 1));
    }

    @Test
    void callbackIsBounded() {
        assertBound(generate(), "/callback", "maxProperties", j -> callback(j, Limits.MAX_CALLBACK_ENTRIES, 1),
                j -> callback(j, Limits.MAX_CALLBACK_ENTRIES + 1, 1));
        assertBound(generate(), "/callback/k0", "maxLength", j -> callback(j, 1, Limits.MAX_CALLBACK_VALUE_LENGTH),
                j -> callback(j, 1, Limits.MAX_CALLBACK_VALUE_LENGTH + 1));
        ObjectNode longKey = generate();
        longKey.putObject("callback").put("k".repeat(Limits.MAX_CALLBACK_KEY_LENGTH + 1), "v");
        assertFalse(VALIDATOR.validate(MessageKind.JOB_REQUEST, longKey).valid(), "callback key too long");
    }

    @Test
    void imageSizeIsBounded() {
        ObjectNode manifest = example("model-manifest.json");
        manifest.put("imageSize", Limits.MAX_IMAGE_SIZE + 8);
        assertTrue(VALIDATOR.validate(MessageKind.MODEL_MANIFEST, manifest).has("/imageSize", "maximum"));
    }

    private static void assertBound(ObjectNode base, String field, String rule, Consumer<ObjectNode> atLimit,
            Consumer<ObjectNode> pastLimit) {
        ObjectNode ok = base.deepCopy();
        atLimit.accept(ok);
        ValidationResult okResult = VALIDATOR.validate(MessageKind.JOB_REQUEST, ok);
        assertTrue(okResult.valid(), () -> "at the limit should pass: " + okResult.describe() + "\n" + ok);
        ObjectNode bad = base.deepCopy();
        pastLimit.accept(bad);
        ValidationResult badResult = VALIDATOR.validate(MessageKind.JOB_REQUEST, bad);
        assertTrue(badResult.has(field, rule), () -> "past the limit should fail '" + rule + "' at " + field
                + ": " + badResult.describe());
    }

    private static void strengths(ObjectNode job, int n) {
        ArrayNode array = job.putArray("strengths");
        for (int i = 0; i < n; i++) {
            array.add(i / (double) n);
        }
    }

    private static void callback(ObjectNode job, int entries, int valueLength) {
        ObjectNode cb = job.putObject("callback");
        for (int i = 0; i < entries; i++) {
            cb.put("k" + i, "v".repeat(valueLength));
        }
    }

    private static ObjectNode generate() {
        ObjectNode job = example("job-request-generate-minimal.json");
        job.put("count", 1);
        return job;
    }

    private static ObjectNode interpolate() {
        return example("job-request-interpolate-4-corners.json");
    }

    private static ObjectNode perturb() {
        return example("job-request-perturb.json");
    }

    static ObjectNode example(String name) {
        try {
            return (ObjectNode) Json.mapper().readTree(Path.of("examples/valid", name).toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read example " + name, e);
        }
    }
}
