package dev.udpm.worker.config;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import dev.udpm.schemas.CloudEvents;
import org.apache.kafka.common.header.internals.RecordHeader;

/** The CloudEvents Kafka binding headers (binary mode, {@link CloudEvents#binaryModeHeaders}) of one event the worker writes. */
public final class CloudEventHeaders {

    private CloudEventHeaders() {
    }

    /**
     * {@code ce_id} (a random UUID), {@code ce_source}, {@code ce_type}, {@code ce_specversion}, {@code ce_time}
     * (RFC 3339, millisecond precision) and {@code content-type: application/json}.
     *
     * @param type one of the {@code CloudEvents.TYPE_*} constants
     * @param source e.g. {@link WorkerIdentity#cloudEventSource()}
     */
    public static List<RecordHeader> of(String type, String source, Instant time) {
        return CloudEvents.binaryModeHeaders(type, source, time).entrySet().stream()
                .map(h -> new RecordHeader(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8))).toList();
    }
}
