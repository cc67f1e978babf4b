package dev.udpm.worker.intake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.validation.Violation;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The reason headers an invalid record carries on {@code udpm.jobs.dlq}, besides the connector's own
 * ({@code dead-letter-reason} = all violations on one line, {@code dead-letter-topic}, {@code -partition},
 * {@code -offset}, {@code -exception-class-name}):
 * <ul>
 *   <li>{@value #FIELD}: JSON pointer of the first violation ({@code ""} = the whole record)</li>
 *   <li>{@value #RULE}: its rule (schema keyword, {@code json}, {@code key} or a cross-field rule)</li>
 *   <li>{@value #MESSAGE}: its message</li>
 *   <li>{@value #VIOLATIONS}: every violation as a JSON array of {@code {field, rule, message}}</li>
 *   <li>{@value #JOB_ID}: the jobId, when readable</li>
 * </ul>
 */
public final class DeadLetterHeaders {

    /** Header: field of the first violation. */
    public static final String FIELD = "udpm-dlq-field";
    /** Header: rule of the first violation. */
    public static final String RULE = "udpm-dlq-rule";
    /** Header: message of the first violation. */
    public static final String MESSAGE = "udpm-dlq-message";
    /** Header: every violation as JSON. */
    public static final String VIOLATIONS = "udpm-dlq-violations";
    /** Header: the readable jobId. */
    public static final String JOB_ID = "udpm-dlq-job-id";

    private DeadLetterHeaders() {
    }

    /** The headers of an invalid record, in the order listed above. */
    public static List<RecordHeader> of(Triage invalid) {
        Violation first = invalid.firstViolation();
        List<RecordHeader> headers = new ArrayList<>();
        headers.add(header(FIELD, first.field()));
        headers.add(header(RULE, first.rule()));
        headers.add(header(MESSAGE, first.message()));
        List<Map<String, String>> all = new ArrayList<>();
        for (Violation violation : invalid.violations()) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("field", violation.field());
            entry.put("rule", violation.rule());
            entry.put("message", violation.message());
            all.add(entry);
        }
        headers.add(header(VIOLATIONS, Json.write(all)));
        invalid.readableJobId().ifPresent(jobId -> headers.add(header(JOB_ID, jobId)));
        return headers;
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
