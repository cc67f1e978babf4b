package dev.udpm.worker.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.MessageKind;
import dev.udpm.schemas.SafeName;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.ShardTask;
import dev.udpm.schemas.validation.CloudEventHeaderCheck;
import dev.udpm.schemas.validation.CloudEventHeaderCheck.RawHeader;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ValidationResult;
import dev.udpm.schemas.validation.Violation;

/**
 * Classifies a raw {@code udpm.jobs} record (key, value bytes, headers) with {@link ContractValidator}: a valid job, a
 * valid cancel, or an invalid record with every violation (JSON pointer + rule).
 *
 * <p>The CloudEvents headers that are present must be well-formed ({@link CloudEventHeaderCheck}, rule
 * {@value CloudEventHeaderCheck#RULE}); missing ones are allowed. Beyond the schema, the record key must be the
 * jobId when present (rule {@value #RULE_KEY} on {@code /jobId}): cancels travel with the job's key so that they
 * reach the worker holding the job. A record without a key is accepted.
 *
 * <p>An invalid record speaks for a job ({@link Triage#jobId()}, which then gets a {@code failed} event) only when it
 * is that job's own record: its key is a valid jobId ({@code {jobId}#s{k}} for a shard record) and every
 * {@code jobId} its body names is that same one ({@link #ownJobId}). A record whose key and body disagree, or that
 * has no key, goes to the dead-letter topic only: writing a body that names someone else's job must not fail it.
 */
public final class RecordTriage {

    /** Rule name of a key that is not the jobId. */
    public static final String RULE_KEY = "key";

    /** The key of a generate-shard record: {@code {jobId}#s{k}}. */
    private static final Pattern SHARD_KEY = Pattern.compile("(.+)#s\\d{1,9}");
    private static final int QUOTED_KEY = 128;

    private RecordTriage() {
    }

    /** Classifies a record without headers: {@link #classify(String, byte[], List)}. */
    public static Triage classify(String key, byte[] value) {
        return classify(key, value, List.of());
    }

    /**
     * Classifies a record whose key is {@code key} (may be null), value {@code value} (may be null) and headers
     * {@code headers}.
     */
    public static Triage classify(String key, byte[] value, List<RawHeader> headers) {
        if (value == null) {
            return Triage.invalid(ownJobId(key, null, false), List.of(new Violation("", Violation.RULE_JSON,
                    "the record has no value (a tombstone); expected a job request as JSON")));
        }
        String json = new String(value, StandardCharsets.UTF_8);
        String type = typeOf(json);
        boolean shard = type != null && ShardTask.TYPES.contains(type);
        List<Violation> badHeaders = CloudEventHeaderCheck.check(headers, CloudEvents.TYPE_JOB_REQUEST);
        if (!badHeaders.isEmpty()) {
            return Triage.invalid(ownJobId(key, json, shard), badHeaders);
        }
        if (shard) {
            return classifyShardTask(key, json);
        }
        ValidationResult result = ContractValidator.shared().validate(MessageKind.JOB_REQUEST, json);
        if (!result.valid()) {
            return Triage.invalid(ownJobId(key, json, false), result.violations());
        }
        JobRequest request = (JobRequest) result.value();
        if (key != null && !key.equals(request.jobId())) {
            return Triage.invalid(null, List.of(new Violation("/jobId", RULE_KEY, "the record key '" + quote(key)
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
            return Triage.invalid(ownJobId(key, json, true), result.violations());
        }
        ShardTask task = (ShardTask) result.value();
        if (key != null && !key.equals(task.recordKey())) {
            return Triage.invalid(null, List.of(new Violation("/jobId", RULE_KEY, "the record key '" + quote(key)
                    + "' of a " + typeOf(json) + " record must be '" + task.recordKey() + "'")));
        }
        return Triage.of(task);
    }

    /**
     * The job an invalid record may speak for: the jobId its key names ({@code shard}: a {@code {jobId}#s{k}} key
     * names {@code jobId}) when the body names no other one, else {@code null}. {@code json} may be anything,
     * including text the parser gives up on half-way (then the {@code jobId}s read before that point count).
     */
    static String ownJobId(String key, String json, boolean shard) {
        String fromKey = key;
        if (shard && key != null) {
            Matcher matcher = SHARD_KEY.matcher(key);
            if (matcher.matches()) {
                fromKey = matcher.group(1);
            }
        }
        String jobId = validJobId(fromKey);
        if (jobId == null) {
            return null;
        }
        for (String named : namedJobIds(json)) {
            if (!jobId.equals(named)) {
                return null;
            }
        }
        return jobId;
    }

    /**
     * Every top-level {@code jobId} of {@code json} (a duplicate counts twice; a value that is not a string counts
     * as {@code "<TOKEN>"}), read by a streaming parser up to the first error.
     */
    private static List<String> namedJobIds(String json) {
        List<String> named = new ArrayList<>();
        if (json == null) {
            return named;
        }
        try (JsonParser parser = Json.mapper().getFactory().createParser(json)) {
            parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return named;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean isJobId = "jobId".equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (isJobId) {
                    named.add(value == JsonToken.VALUE_STRING ? parser.getText() : "<" + value + ">");
                }
                parser.skipChildren();
            }
        } catch (IOException | RuntimeException stop) {
            // what was read before the error stands
        }
        return named;
    }

    private static String typeOf(String json) {
        try {
            JsonNode node = Json.mapper().readTree(json);
            return node != null && node.path("type").isTextual() ? node.path("type").asText() : null;
        } catch (Exception notJson) {
            return null;
        }
    }

    private static String quote(String key) {
        return key.length() <= QUOTED_KEY ? key : key.substring(0, QUOTED_KEY) + "...";
    }

    private static String validJobId(String candidate) {
        return SafeName.isSafe(candidate) ? candidate : null;
    }
}
