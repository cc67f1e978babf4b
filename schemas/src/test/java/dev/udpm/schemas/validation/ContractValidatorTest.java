package dev.udpm.schemas.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.Limits;
import dev.udpm.schemas.MessageKind;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.model.ModelManifest;
import org.junit.jupiter.api.Test;

class ContractValidatorTest {

    private static final ContractValidator VALIDATOR = ContractValidator.shared();

    private static String example(String name) throws Exception {
        return Files.readString(Path.of("examples/valid", name));
    }

    private static ObjectNode exampleNode(String name) throws Exception {
        return (ObjectNode) Json.mapper().readTree(example(name));
    }

    @Test
    void unparseableJsonIsAViolationWithRuleJson() {
        ValidationResult result = VALIDATOR.validate(MessageKind.JOB_REQUEST, "{\"type\": ");
        assertEquals(List.of("json"), result.violations().stream().map(Violation::rule).toList());
        assertEquals("", result.violations().get(0).field());
        assertTrue(result.violations().get(0).message().contains("line 1"), result.describe());
    }

    @Test
    void jacksonReadLimitsAreJsonViolationsNotExceptions() {
        String prefix = "{\"type\":\"generate\",\"jobId\":\"j1\",";
        for (String hostile : List.of("\"deep\":" + "[".repeat(1001) + "]".repeat(1001) + "}",
                "\"seed\":1" + "0".repeat(1001) + "}", "\"" + "n".repeat(50_001) + "\":1}")) {
            ValidationResult result = VALIDATOR.validate(MessageKind.JOB_REQUEST, prefix + hostile);
            assertEquals(1, result.violations().size(), result.describe());
            Violation violation = result.violations().get(0);
            assertEquals("", violation.field());
            assertEquals(Violation.RULE_JSON, violation.rule());
            assertTrue(violation.message().contains("exceeds a parser limit"), violation.message());
            assertTrue(violation.message().length() < 400, violation.message());
        }
    }

    @Test
    void duplicatePropertiesAreJsonViolations() throws Exception {
        String job = example("job-request-generate.json");
        String duplicate = job.replaceFirst("\\{", "{\"jobId\":\"someone-else\",");
        ValidationResult result = VALIDATOR.validate(MessageKind.JOB_REQUEST, duplicate);
        assertTrue(result.has("", Violation.RULE_JSON), result.describe());
        assertTrue(result.violations().get(0).message().contains("Duplicate field 'jobId'"), result.describe());
    }

    @Test
    void emptyInputAndTrailingGarbageAreJsonViolations() {
        assertTrue(VALIDATOR.validate(MessageKind.JOB_EVENT, "").has("", "json"));
        assertTrue(VALIDATOR.validate(MessageKind.JOB_EVENT, "   ").has("", "json"));
        assertTrue(VALIDATOR.validate(MessageKind.JOB_REQUEST, "{} {}").has("", "json"));
    }

    @Test
    void violationsNamePointerRuleAndMessage() throws Exception {
        ObjectNode job = exampleNode("job-request-interpolate-4-corners.json");
        job.putArray("corners").add(1).add(2).add(-3).add(4);
        job.put("gridSize", 99);
        job.remove("model");
        ValidationResult result = VALIDATOR.validate(MessageKind.JOB_REQUEST, job);
        assertEquals(List.of(
                        new Violation("/corners/2", "minimum", "/corners/2: must have a minimum value of 0"),
                        new Violation("/gridSize", "maximum", "/gridSize: must have a maximum value of 16"),
                        new Violation("/model", "required", "/model: required property 'model' not found")),
                result.violations(), result.describe());
        assertFalse(result.valid());
        assertEquals(null, result.value());
    }

    @Test
    void unknownPropertyIsNamedWithAnEscapedPointer() throws Exception {
        ObjectNode job = exampleNode("job-request-swap.json");
        ((ObjectNode) job.get("seeds")).put("a/b~c", 1);
        ValidationResult result = VALIDATOR.validate(MessageKind.JOB_REQUEST, job);
        assertTrue(result.has("/seeds/a~1b~0c", "additionalProperties"), result.describe());
    }

    @Test
    void threeCornersGetTheSchemasOwnMessage() throws Exception {
        ObjectNode job = exampleNode("job-request-interpolate-4-corners.json");
        job.putArray("corners").add(1).add(2).add(3);
        Violation violation = VALIDATOR.validate(MessageKind.JOB_REQUEST, job).first().orElseThrow();
        assertEquals(new Violation("/corners", "not",
                "/corners: corners must hold 2 seeds (A, B) or 4 seeds (A, B, C, D), not 3"), violation);
    }

    @Test
    void aFailedBranchReportsOnlyItsOwnViolation() throws Exception {
        ObjectNode job = exampleNode("job-request-perturb.json");
        job.withArray("strengths").set(1, Json.mapper().getNodeFactory().numberNode(1.5));
        ValidationResult result = VALIDATOR.validate(MessageKind.JOB_REQUEST, job);
        assertEquals(List.of(new Violation("/strengths/1", "maximum", "/strengths/1: must have a maximum value of 1")),
                result.violations(), "no follow-on noise from the other fields of the branch");
    }

    @Test
    void dateTimesMustBeRfc3339ButMayCarryAnOffset() throws Exception {
        ObjectNode job = exampleNode("job-request-cancel.json");
        job.put("submittedAt", "2025-06-01T12:00:00+02:00");
        assertTrue(VALIDATOR.validate(MessageKind.JOB_REQUEST, job).valid());
        job.put("submittedAt", "2025-13-01T12:00:00Z");
        assertTrue(VALIDATOR.validate(MessageKind.JOB_REQUEST, job).has("/submittedAt", "format"));
        job.put("submittedAt", "2025-06-01 12:00:00");
        assertTrue(VALIDATOR.validate(MessageKind.JOB_REQUEST, job).has("/submittedAt", "format"));
    }

    @Test
    void trailingNewlinesDoNotSlipThroughPatterns() throws Exception {
        ObjectNode manifest = exampleNode("model-manifest.json");
        ObjectNode file = (ObjectNode) manifest.withArray("files").get(0);
        file.put("sha256", file.get("sha256").asText() + "\n");
        assertTrue(VALIDATOR.validate(MessageKind.MODEL_MANIFEST, manifest).has("/files/0/sha256", "pattern"));
    }

    @Test
    void parseReturnsTheRecordOfAValidMessage() throws Exception {
        JobRequest job = VALIDATOR.parseJobRequest(example("job-request-generate.json"));
        GenerateJob generate = assertInstanceOf(GenerateJob.class, job);
        assertEquals(16, generate.count());
        assertEquals(1234L, generate.seed());
        ModelManifest manifest = VALIDATOR.parseModelManifest(example("model-manifest.json"));
        assertEquals(3, manifest.levels());
    }

    @Test
    void parseThrowsListingEveryViolation() throws Exception {
        ObjectNode job = exampleNode("job-request-generate.json");
        job.put("count", 0);
        job.put("jobId", "/x");
        ContractViolationException e = assertThrows(ContractViolationException.class,
                () -> VALIDATOR.parseJobRequest(job.toString()));
        assertEquals(MessageKind.JOB_REQUEST, e.kind());
        assertEquals(2, e.violations().size(), e.getMessage());
        assertTrue(e.getMessage().contains("/count [minimum]"), e.getMessage());
        assertTrue(e.getMessage().contains("/jobId [pattern]"), e.getMessage());
    }

    @Test
    void crossFieldRulesRunAfterTheSchema() throws Exception {
        ObjectNode job = exampleNode("job-request-generate.json");
        job.put("count", Limits.MAX_GRID_IMAGES + 1);
        ((ObjectNode) job.get("output")).put("grid", true);
        ValidationResult result = VALIDATOR.validate(MessageKind.JOB_REQUEST, job);
        assertEquals(List.of("gridWithinLimit"), result.violations().stream().map(Violation::rule).toList());
        assertTrue(result.violations().get(0).message().contains("output.grid to false"), result.describe());
        ((ObjectNode) job.get("output")).put("grid", false);
        assertTrue(VALIDATOR.validate(MessageKind.JOB_REQUEST, job).valid(), "a large job without a grid is fine");
    }

    @Test
    void parseRejectsATypeTheKindDoesNotBindTo() {
        assertThrows(IllegalArgumentException.class,
                () -> VALIDATOR.parse(MessageKind.JOB_EVENT, "{}", ModelManifest.class));
    }

    @Test
    void schemasResolveFromTheClasspathOnly() {
        ContractValidator fresh = new ContractValidator();
        for (MessageKind kind : MessageKind.values()) {
            assertFalse(fresh.validate(kind, "{}").valid(), kind + ": an empty object must miss required fields");
        }
    }

    @Test
    void isSafeToShareAcrossThreads() throws Exception {
        String valid = example("job-request-perturb.json");
        ObjectNode badNode = exampleNode("job-request-perturb.json");
        badNode.put("level", 0);
        String bad = badNode.toString();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                boolean expectValid = i % 2 == 0;
                String json = expectValid ? valid : bad;
                results.add(pool.submit(() -> {
                    ValidationResult r = VALIDATOR.validate(MessageKind.JOB_REQUEST, json);
                    return expectValid ? r.valid() : r.has("/level", "minimum") && r.violations().size() == 1;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get(), "concurrent validation gave a different answer");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
