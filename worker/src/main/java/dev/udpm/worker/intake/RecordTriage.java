package dev.udpm.worker.intake;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.MessageKind;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.ShardTask;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ValidationResult;
import dev.udpm.schemas.validation.Violation;

/**
 * Classifies a raw {@code udpm.jobs} record (key, value bytes) with {@link ContractValidator}: a valid job, a valid
 * cancel, or an invalid record with every violation (JSON pointer + rule).
 *
 * <p>Beyond the schema, the record key must be the jobId when present (rule {@value #RULE_KEY} on {@code /jobId}):
 * cancels travel with the job's key so that they reach the worker holding the job. A record without a key is
 * accepted.
 *
 * <p>The jobId of an invalid record is "readable" when the value is a JSON object whose {@code jobId} is a valid
 * job id, or else when the record key is one (the topic is keyed by jobId); then the submitter gets a
 * {@code failed} event.
 */
public final class RecordTriage {

    /** Rule name of a key that is not the jobId. */
    public static final String RULE_KEY = "key";

    /** {@code common.schema.json#/$defs/safeName}, matched against the whole string. */
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private RecordTriage() {
    }

    /** Classifies a record whose key is {@code key} (may be null) and value {@code value} (may be null). */
    public static Triage classify(String key, byte[] value) {
        if (value == null) {
            return Triage.invalid(validJobId(key), List.of(new Violation("", Violation.RULE_JSON,
                    "the record has no value (a tombstone); expected a job request as JSON")));
        }
        String json = new String(value, StandardCharsets.UTF_8);
        String type = typeOf(json);
        if (type != null && ShardTask.TYPES.contains(type)) {
            return classifyShardTask(key, json);
        }
        ValidationResult result = ContractValidator.shared().validate(MessageKind.JOB_REQUEST, json);
        if (!result.valid()) {
            return Triage.invalid(readJobId(json, key), result.violations());
        }
        JobRequest request = (JobRequest) result.value();
        if (key != null && !key.equals(request.jobId())) {
            return Triage.invalid(request.jobId(), List.of(new Violation("/jobId", RULE_KEY, "the record key '" + key
                    + "' differs from jobId '" + request.jobId() + "': key every udpm.jobs record by its jobId"
                    + " (cancels must reach the worker holding the job)")));
        }
        return Triage.of(request);
    }

    /**
     * A shard record of a bulk job (shard-task.schema.json), told from a job request by its {@code type}. Its key
     * must be {@link ShardTask#recordKey()} ({@code {jobId}#s{k}} for a generate-shard, the jobId for a shard-done).
     */
    private static Triage classifyShardTask(String key, String json) {
        ValidationResult result = ContractValidator.shared().validate(MessageKind.SHARD_TASK, json);
        if (!result.valid()) {
            return Triage.invalid(readJobId(json, null), result.violations());
        }
        ShardTask task = (ShardTask) result.value();
        if (key != null && !key.equals(task.recordKey())) {
            return Triage.invalid(task.jobId(), List.of(new Violation("/jobId", RULE_KEY, "the record key '" + key
                    + "' of a " + typeOf(json) + " record must be '" + task.recordKey() + "'")));
        }
        return Triage.of(task);
    }

    private static String typeOf(String json) {
        try {
            JsonNode node = Json.mapper().readTree(json);
            return node != null && node.path("type").isTextual() ? node.path("type").asText() : null;
        } catch (Exception notJson) {
            return null;
        }
    }

    private static String readJobId(String json, String key) {
        try {
            JsonNode node = Json.mapper().readTree(json);
            if (node != null && node.isObject() && node.path("jobId").isTextual()) {
                String fromBody = validJobId(node.path("jobId").asText());
                if (fromBody != null) {
                    return fromBody;
                }
            }
        } catch (Exception notJson) {
            // fall back to the key
        }
        return validJobId(key);
    }

    private static String validJobId(String candidate) {
        return candidate != null && JOB_ID.matcher(candidate).matches() ? candidate : null;
    }
}
