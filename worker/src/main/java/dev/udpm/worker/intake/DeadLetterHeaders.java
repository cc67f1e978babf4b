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
 * The reason headers an invalid record carries on {@code udpm.jobs.dlq} ({@link DeadLetter}), each bounded so that a
 * hostile record (say 20 property names of 45,000 characters) cannot make its dead letter too large to write:
 * <ul>
 *   <li>{@value #FIELD}: JSON pointer of the first violation ({@code ""} = the whole record or a header), at most
 *       {@value #MAX_FIELD} characters</li>
 *   <li>{@value #RULE}: its rule (schema keyword, {@code json}, {@code header}, {@code key} or a cross-field
 *       rule)</li>
 *   <li>{@value #MESSAGE}: its message, at most {@value #MAX_MESSAGE} characters</li>
 *   <li>{@value #VIOLATIONS}: the violations as a JSON array of {@code {field, rule, message}}, as many as fit in
 *       {@value #MAX_VIOLATIONS} characters (each field and message cut to {@value #MAX_FIELD}), and
 *       {@value #VIOLATION_COUNT}: how many there are in all</li>
 *   <li>{@value #JOB_ID}: the job the record speaks for ({@link Triage#jobId()}), when there is one</li>
 * </ul>
 * plus the dead-letter headers SmallRye's dead-letter strategy writes, for the same consumers:
 * {@value #REASON} (every violation on one line, at most {@value #MAX_MESSAGE} characters), {@value #EXCEPTION},
 * {@value #TOPIC}, {@value #PARTITION} and {@value #OFFSET} (where the record was).
 */
public final class DeadLetterHeaders {

    /** Header: field of the first violation. */
    public static final String FIELD = "udpm-dlq-field";
    /** Header: rule of the first violation. */
    public static final String RULE = "udpm-dlq-rule";
    /** Header: message of the first violation. */
    public static final String MESSAGE = "udpm-dlq-message";
    /** Header: the violations as JSON. */
    public static final String VIOLATIONS = "udpm-dlq-violations";
    /** Header: the number of violations. */
    public static final String VIOLATION_COUNT = "udpm-dlq-violation-count";
    /** Header: the job the record speaks for. */
    public static final String JOB_ID = "udpm-dlq-job-id";
    /** Header (as SmallRye writes it): every violation on one line. */
    public static final String REASON = "dead-letter-reason";
    /** Header (as SmallRye writes it): the class of the reason. */
    public static final String EXCEPTION = "dead-letter-exception-class-name";
    /** Header (as SmallRye writes it): the topic the record was on. */
    public static final String TOPIC = "dead-letter-topic";
    /** Header (as SmallRye writes it): its partition. */
    public static final String PARTITION = "dead-letter-partition";
    /** Header (as SmallRye writes it): its offset. */
    public static final String OFFSET = "dead-letter-offset";

    /** Longest field in these headers. */
    public static final int MAX_FIELD = 1024;
    /** Longest message and reason. */
    public static final int MAX_MESSAGE = 4096;
    /** Longest {@value #VIOLATIONS} value. */
    public static final int MAX_VIOLATIONS = 8192;

    private DeadLetterHeaders() {
    }

    /** The reason headers of an invalid record, in the order listed above (without the position headers). */
    public static List<RecordHeader> of(Triage invalid) {
        Violation first = invalid.firstViolation();
        List<RecordHeader> headers = new ArrayList<>();
        headers.add(header(FIELD, cut(first.field(), MAX_FIELD)));
        headers.add(header(RULE, cut(first.rule(), MAX_FIELD)));
        headers.add(header(MESSAGE, cut(first.message(), MAX_MESSAGE)));
        List<Map<String, String>> all = new ArrayList<>();
        int length = 2;
        for (Violation violation : invalid.violations()) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("field", cut(violation.field(), MAX_FIELD));
            entry.put("rule", cut(violation.rule(), MAX_FIELD));
            entry.put("message", cut(violation.message(), MAX_FIELD));
            String json = Json.write(entry);
            if (length + json.length() + 1 > MAX_VIOLATIONS) {
                break;
            }
            length += json.length() + 1;
            all.add(entry);
        }
        headers.add(header(VIOLATIONS, Json.write(all)));
        headers.add(header(VIOLATION_COUNT, Integer.toString(invalid.violations().size())));
        invalid.readableJobId().ifPresent(jobId -> headers.add(header(JOB_ID, jobId)));
        headers.add(header(REASON, reason(invalid)));
        headers.add(header(EXCEPTION, InvalidJobRecordException.class.getName()));
        return headers;
    }

    /** {@link #of} followed by where the record was: {@value #TOPIC}, {@value #PARTITION}, {@value #OFFSET}. */
    public static List<RecordHeader> of(Triage invalid, String topic, int partition, long offset) {
        List<RecordHeader> headers = new ArrayList<>(of(invalid));
        headers.add(header(TOPIC, topic));
        headers.add(header(PARTITION, Integer.toString(partition)));
        headers.add(header(OFFSET, Long.toString(offset)));
        return headers;
    }

    /** Every violation on one line, at most {@value #MAX_MESSAGE} characters. */
    static String reason(Triage invalid) {
        return cut("invalid job request: " + invalid.describeViolations(), MAX_MESSAGE);
    }

    static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code text} cut to {@code max} characters, ending in "..." when cut, never inside a surrogate pair. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 3;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "...";
    }
}
