package dev.udpm.schemas;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary mode, as the fleet uses it: the event attributes travel as
 * {@code ce_*} record headers and the record value is the JSON body (validated by the schemas in this module).
 *
 * <p>Event types are versioned ({@code .v1}); a breaking change to a body gets a new type.
 */
public final class CloudEvents {

    /** Value of the {@code ce_specversion} header. */
    public static final String SPEC_VERSION = "1.0";

    /** Header holding the event id (unique per source). */
    public static final String HEADER_ID = "ce_id";
    /** Header holding the event source URI reference, e.g. {@code /udpm/worker/worker-1}. */
    public static final String HEADER_SOURCE = "ce_source";
    /** Header holding the event type, one of the {@code TYPE_*} constants. */
    public static final String HEADER_TYPE = "ce_type";
    /** Header holding {@link #SPEC_VERSION}. */
    public static final String HEADER_SPEC_VERSION = "ce_specversion";
    /** Header holding the event time (RFC 3339). */
    public static final String HEADER_TIME = "ce_time";
    /** Header holding the body's media type (binary mode maps {@code datacontenttype} to it). */
    public static final String HEADER_CONTENT_TYPE = "content-type";
    /** The media type of every body. */
    public static final String CONTENT_TYPE_JSON = "application/json";

    /** A job request on {@link Topics#JOBS} (any job type, including cancel). */
    public static final String TYPE_JOB_REQUEST = "dev.udpm.job.request.v1";
    /** Job event {@code accepted}. */
    public static final String TYPE_JOB_ACCEPTED = "dev.udpm.job.accepted.v1";
    /** Job event {@code progress}. */
    public static final String TYPE_JOB_PROGRESS = "dev.udpm.job.progress.v1";
    /** Job event {@code completed}. */
    public static final String TYPE_JOB_COMPLETED = "dev.udpm.job.completed.v1";
    /** Job event {@code failed}. */
    public static final String TYPE_JOB_FAILED = "dev.udpm.job.failed.v1";
    /** Job event {@code cancelled}. */
    public static final String TYPE_JOB_CANCELLED = "dev.udpm.job.cancelled.v1";
    /** A model version published on {@link Topics#MODELS}. */
    public static final String TYPE_MODEL_PUBLISHED = "dev.udpm.model.published.v1";
    /** A worker's model status on {@link Topics#MODEL_STATUS}. */
    public static final String TYPE_MODEL_STATUS = "dev.udpm.model.status.v1";
    /** A webhook dead letter written back to {@link Topics#WEBHOOKS_RETRY} to be delivered again. */
    public static final String TYPE_WEBHOOK_REPLAY = "dev.udpm.webhook.replay.v1";

    /** Every event type above. */
    public static final List<String> ALL_TYPES = List.of(TYPE_JOB_REQUEST, TYPE_JOB_ACCEPTED, TYPE_JOB_PROGRESS,
            TYPE_JOB_COMPLETED, TYPE_JOB_FAILED, TYPE_JOB_CANCELLED, TYPE_MODEL_PUBLISHED, TYPE_MODEL_STATUS,
            TYPE_WEBHOOK_REPLAY);

    private CloudEvents() {
    }

    /**
     * The binary-mode headers of one event, in this order: {@code ce_id} (a random UUID), {@code ce_source},
     * {@code ce_type}, {@code ce_specversion}, {@code ce_time} (RFC 3339, millisecond precision) and
     * {@code content-type: application/json}. Kafka adapters turn each entry into a UTF-8 record header.
     *
     * @param type one of the {@code TYPE_*} constants
     * @param source the producer's source URI reference, e.g. {@code /udpm/worker/worker-1}
     */
    public static Map<String, String> binaryModeHeaders(String type, String source, Instant time) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HEADER_ID, UUID.randomUUID().toString());
        headers.put(HEADER_SOURCE, source);
        headers.put(HEADER_TYPE, type);
        headers.put(HEADER_SPEC_VERSION, SPEC_VERSION);
        headers.put(HEADER_TIME, time.truncatedTo(ChronoUnit.MILLIS).toString());
        headers.put(HEADER_CONTENT_TYPE, CONTENT_TYPE_JSON);
        return Collections.unmodifiableMap(headers);
    }
}
