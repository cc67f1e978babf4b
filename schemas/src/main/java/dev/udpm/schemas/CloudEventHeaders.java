package dev.udpm.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The CloudEvents Kafka binding headers (binary mode, {@link CloudEvents#binaryModeHeaders}) of one event a
 * service writes: each attribute as a UTF-8 record header. Needs kafka-clients on the class path (the modules that
 * write to Kafka have it; schemas does not pass it on).
 */
public final class CloudEventHeaders {

    private CloudEventHeaders() {
    }

    /**
     * {@code ce_id} (a random UUID), {@code ce_source}, {@code ce_type}, {@code ce_specversion}, {@code ce_time}
     * (RFC 3339, millisecond precision) and {@code content-type: application/json}.
     *
     * @param type one of the {@code CloudEvents.TYPE_*} constants
     * @param source the writer's source URI reference, e.g. {@code /udpm/worker/worker-1}
     */
    public static List<RecordHeader> of(String type, String source, Instant time) {
        return CloudEvents.binaryModeHeaders(type, source, time).entrySet().stream()
                .map(h -> new RecordHeader(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8))).toList();
    }
}
