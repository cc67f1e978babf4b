package dev.udpm.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ValidationResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file under {@code examples/}: valid ones pass, bind to their record and write back to equal JSON;
 * invalid ones fail with the field and rule recorded in {@code examples/invalid/expected.json}.
 */
class ExamplesTest {

    private static final Path VALID = Path.of("examples/valid");
    private static final Path INVALID = Path.of("examples/invalid");
    private static final Path EXPECTED = INVALID.resolve("expected.json");

    private static final ContractValidator VALIDATOR = ContractValidator.shared();

    /** Numbers compare by value (12 == 12.0, 1e-4 == 0.0001); everything else exactly. */
    private static final Comparator<JsonNode> NUMERIC_AWARE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    @TestFactory
    Stream<DynamicTest> validExamplesPassAndRoundTrip() throws IOException {
        return jsonFiles(VALID).stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            MessageKind kind = kindOf(file);
            String json = Files.readString(file);
            ValidationResult result = VALIDATOR.validate(kind, json);
            assertTrue(result.valid(), () -> file + " should be valid but: " + result.describe());
            Object record = VALIDATOR.parse(kind, json, Object.class);
            assertTrue(kind.javaType().isInstance(record), file + " bound to " + record.getClass());
            String written = Json.write(record);
            JsonNode original = Json.mapper().readTree(json);
            JsonNode rewritten = Json.mapper().readTree(written);
            assertTrue(original.equals(NUMERIC_AWARE, rewritten),
                    () -> file + " does not round-trip through " + record.getClass().getSimpleName()
                            + "\n  original: " + original + "\n  written:  " + rewritten);
            assertTrue(VALIDATOR.validate(kind, written).valid(), file + ": the re-written JSON must validate too");
        }));
    }

    @TestFactory
    Stream<DynamicTest> invalidExamplesFailWithTheRecordedFieldAndRule() throws IOException {
        JsonNode expected = Json.mapper().readTree(EXPECTED.toFile());
        return invalidFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String name = file.getFileName().toString();
            JsonNode expectation = expected.get(name);
            assertNotNull(expectation, () -> name + " has no expectation in " + EXPECTED
                    + "; add {\"kind\", \"field\", \"rule\", \"why\"} for it");
            MessageKind kind = MessageKind.valueOf(expectation.path("kind").asText());
            String field = expectation.path("field").asText();
            String rule = expectation.path("rule").asText();
            ValidationResult result = VALIDATOR.validate(kind, Files.readString(file));
            assertFalse(result.valid(), name + " should be invalid");
            assertTrue(result.has(field, rule), () -> name + ": expected a violation of '" + rule + "' at '"
                    + field + "' but got " + result.describe());
        }));
    }

    @Test
    void everyExpectationNamesAnExistingInvalidFile() throws IOException {
        JsonNode expected = Json.mapper().readTree(EXPECTED.toFile());
        Set<String> files = invalidFiles().stream().map(p -> p.getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> stale = new TreeSet<>();
        for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!files.contains(name)) {
                stale.add(name);
            }
        }
        assertTrue(stale.isEmpty(), "expected.json names files that do not exist: " + stale);
        assertTrue(files.size() >= 10, "too few invalid examples: " + files.size());
    }

    @Test
    void validExamplesCoverEveryMessageKindJobTypeAndEventType() throws IOException {
        Set<MessageKind> kinds = new HashSet<>();
        Set<Class<?>> types = new HashSet<>();
        for (Path file : jsonFiles(VALID)) {
            MessageKind kind = kindOf(file);
            kinds.add(kind);
            types.add(VALIDATOR.parse(kind, Files.readString(file), Object.class).getClass());
        }
        assertEquals(Set.of(MessageKind.values()), kinds, "a message kind has no valid example");
        List<Class<?>> missing = new ArrayList<>();
        Stream.concat(Arrays.stream(JobRequest.class.getPermittedSubclasses()),
                        Arrays.stream(JobEvent.class.getPermittedSubclasses()))
                .filter(type -> !types.contains(type))
                .forEach(missing::add);
        assertTrue(missing.isEmpty(), "no valid example for " + missing);
    }

    /** The kind of an example from its name, {@code <schema base name>[-what].json}. */
    private static MessageKind kindOf(Path file) {
        String name = file.getFileName().toString();
        return Arrays.stream(MessageKind.values())
                .filter(k -> name.equals(k.baseName() + ".json") || name.startsWith(k.baseName() + "-"))
                .findFirst()
                .orElseGet(() -> fail(file + " is not named after a schema (" + Map.of("e.g.",
                        "job-request-generate.json") + ")"));
    }

    private static List<Path> invalidFiles() throws IOException {
        List<Path> files = jsonFiles(INVALID);
        files.removeIf(p -> p.getFileName().equals(EXPECTED.getFileName()));
        return files;
    }

    private static List<Path> jsonFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted()
                    .collect(Collectors.toCollection(ArrayList::new));
        }
    }
}
