package dev.udpm.schemas.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.ClasspathSchemaLoader;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.MessageKind;
import dev.udpm.schemas.SchemaResources;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.ShardManifest;
import dev.udpm.schemas.job.ShardTask;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.model.ModelStatus;

/**
 * Validates messages against the JSON Schema files (draft 2020-12, networknt json-schema-validator), then
 * against the {@link CrossFieldRules}, and binds valid ones to their records.
 *
 * <p>Every schema is loaded once, from the classpath only: the {@code $id} prefix {@value
 * SchemaResources#ID_PREFIX} is mapped to {@code classpath:udpm/schemas/} and every other loader is removed,
 * so a {@code $ref} never reaches the network. Format assertions ({@code date-time}, {@code uri}) are on,
 * and {@code pattern} keeps ECMA-262's end anchor (see {@link StrictEndRegexFactory}).
 * Instances are immutable and thread-safe; {@link #shared()} is the one to use.
 */
public final class ContractValidator {

    private static final Set<String> KEYWORDS_NAMING_A_PROPERTY =
            Set.of("required", "additionalProperties", "unevaluatedProperties", "dependentRequired");

    /** Schema keyword holding a custom message per failed keyword, e.g. {@code "errorMessage": {"not": "..."}}. */
    public static final String ERROR_MESSAGE_KEYWORD = "errorMessage";

    private static final Comparator<Violation> ORDER =
            Comparator.comparing(Violation::field).thenComparing(Violation::rule).thenComparing(Violation::message);

    private static final class Holder {
        static final ContractValidator SHARED = new ContractValidator();
    }

    private final ObjectMapper mapper = Json.mapper();
    private final Map<MessageKind, JsonSchema> schemas = new EnumMap<>(MessageKind.class);

    /** Loads and compiles every schema (a few hundred ms); prefer {@link #shared()}. */
    public ContractValidator() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .schemaMappers(mappers -> mappers.mapPrefix(SchemaResources.ID_PREFIX,
                        "classpath:" + SchemaResources.CLASSPATH_DIR))
                .schemaLoaders(loaders -> loaders.values(list -> {
                    list.clear();
                    list.add(new ClasspathSchemaLoader(ContractValidator.class::getClassLoader));
                })));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(true)
                .errorMessageKeyword(ERROR_MESSAGE_KEYWORD)
                .regularExpressionFactory(StrictEndRegexFactory.INSTANCE)
                .build();
        for (MessageKind kind : MessageKind.values()) {
            JsonSchema schema = factory.getSchema(SchemaLocation.of(kind.schemaId()), config);
            schema.initializeValidators();
            schemas.put(kind, schema);
        }
    }

    /** The process-wide validator, built on first use. */
    public static ContractValidator shared() {
        return Holder.SHARED;
    }

    /**
     * Validates {@code json} as a message of {@code kind}.
     *
     * @return every violation (JSON pointer + rule + message); unparseable input gives one violation with rule
     *     {@value Violation#RULE_JSON}
     */
    public ValidationResult validate(MessageKind kind, String json) {
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return invalid(kind, new Violation("", Violation.RULE_JSON, "not valid JSON: " + describe(e)));
        }
        if (node == null || node.isMissingNode()) {
            return invalid(kind, new Violation("", Violation.RULE_JSON, "empty input; expected a JSON object"));
        }
        return validate(kind, node);
    }

    /** Validates an already parsed message. */
    public ValidationResult validate(MessageKind kind, JsonNode node) {
        List<Violation> violations = new ArrayList<>();
        for (ValidationMessage message : schemas.get(kind).validate(node)) {
            violations.add(toViolation(message));
        }
        if (!violations.isEmpty()) {
            return result(kind, violations, null);
        }
        Object value;
        try {
            value = mapper.treeToValue(node, kind.javaType());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return invalid(kind, new Violation("", Violation.RULE_BINDING, "valid against "
                    + kind.schemaFile() + " but does not bind to " + kind.javaType().getSimpleName() + ": "
                    + e.getMessage() + " (schema and record disagree: a bug in udpm-schemas)"));
        }
        violations.addAll(CrossFieldRules.check(value));
        return result(kind, violations, violations.isEmpty() ? value : null);
    }

    /**
     * Validates {@code json} and returns it bound to {@code type}.
     *
     * @throws ContractViolationException listing every violation when the message is invalid
     * @throws IllegalArgumentException if {@code type} is not (a supertype of) {@code kind}'s type
     */
    public <T> T parse(MessageKind kind, String json, Class<T> type) {
        if (!type.isAssignableFrom(kind.javaType())) {
            throw new IllegalArgumentException(kind + " binds to " + kind.javaType().getName() + ", not "
                    + type.getName());
        }
        ValidationResult result = validate(kind, json);
        if (!result.valid()) {
            throw new ContractViolationException(result);
        }
        return type.cast(result.value());
    }

    /** {@link #parse} of a job request. */
    public JobRequest parseJobRequest(String json) {
        return parse(MessageKind.JOB_REQUEST, json, JobRequest.class);
    }

    /** {@link #parse} of a job event. */
    public JobEvent parseJobEvent(String json) {
        return parse(MessageKind.JOB_EVENT, json, JobEvent.class);
    }

    /** {@link #parse} of a model-published event. */
    public ModelPublished parseModelPublished(String json) {
        return parse(MessageKind.MODEL_PUBLISHED, json, ModelPublished.class);
    }

    /** {@link #parse} of a model-status event. */
    public ModelStatus parseModelStatus(String json) {
        return parse(MessageKind.MODEL_STATUS, json, ModelStatus.class);
    }

    /** {@link #parse} of a job manifest. */
    public JobManifest parseJobManifest(String json) {
        return parse(MessageKind.JOB_MANIFEST, json, JobManifest.class);
    }

    /** {@link #parse} of a model manifest. */
    public ModelManifest parseModelManifest(String json) {
        return parse(MessageKind.MODEL_MANIFEST, json, ModelManifest.class);
    }

    /** Parses a {@link MessageKind#SHARD_TASK} or throws {@link ContractViolationException}. */
    public ShardTask parseShardTask(String json) {
        return parse(MessageKind.SHARD_TASK, json, ShardTask.class);
    }

    /** Parses a {@link MessageKind#SHARD_MANIFEST} or throws {@link ContractViolationException}. */
    public ShardManifest parseShardManifest(String json) {
        return parse(MessageKind.SHARD_MANIFEST, json, ShardManifest.class);
    }

    /** Parses and validates one line of an {@code index.jsonl} (a {@link dev.udpm.schemas.SampleRecord}). */
    public dev.udpm.schemas.SampleRecord parseSampleRecord(String json) {
        return parse(MessageKind.SAMPLE_RECORD, json, dev.udpm.schemas.SampleRecord.class);
    }

    private static Violation toViolation(ValidationMessage message) {
        String field = message.getInstanceLocation().toString();
        if (KEYWORDS_NAMING_A_PROPERTY.contains(message.getType()) && message.getProperty() != null) {
            field = field + "/" + escape(message.getProperty());
        }
        return new Violation(field, message.getType(), describe(field, message));
    }

    /** {@code "<field>: <what is wrong>"}, without the validator's own location prefix. */
    private static String describe(String field, ValidationMessage message) {
        String text = message.getMessage();
        String location = message.getInstanceLocation().toString() + ": ";
        if (text.startsWith(location)) {
            text = text.substring(location.length());
        }
        return (field.isEmpty() ? "message" : field) + ": " + text;
    }

    /**
     * What is wrong with unparseable input and where, if the parser knows: a syntax error, a property given twice,
     * or one of Jackson's read limits ({@code StreamReadConstraints}: nesting deeper than 1000, a number of more than
     * 1000 digits, a property name of more than 50,000 characters), which carry no location.
     */
    private static String describe(JsonProcessingException e) {
        String what = e instanceof StreamConstraintsException ? "it exceeds a parser limit: " + e.getOriginalMessage()
                : e.getOriginalMessage();
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 0 ? what : what + " at line " + at.getLineNr() + ", column "
                + at.getColumnNr();
    }

    /** JSON pointer escaping of one reference token (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static ValidationResult invalid(MessageKind kind, Violation violation) {
        return new ValidationResult(kind, List.of(violation), null);
    }

    private static ValidationResult result(MessageKind kind, List<Violation> violations, Object value) {
        List<Violation> sorted = new ArrayList<>(violations);
        sorted.sort(ORDER);
        return new ValidationResult(kind, sorted, value);
    }
}
