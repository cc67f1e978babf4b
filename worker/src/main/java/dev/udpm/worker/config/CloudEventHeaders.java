package dev.udpm.worker.config;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import dev.udpm.schemas.CloudEvents;
import org.apache.kafka.common.header.internals.RecordHeader;

/** The CloudEvents Kafka binding headers (binary mode) of one event the worker writes. */
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
        return List.of(
                header(CloudEvents.HEADER_ID, UUID.randomUUID().toString()),
                header(CloudEvents.HEADER_SOURCE, source),
                header(CloudEvents.HEADER_TYPE, type),
                header(CloudEvents.HEADER_SPEC_VERSION, CloudEvents.SPEC_VERSION),
                header(CloudEvents.HEADER_TIME, time.truncatedTo(ChronoUnit.MILLIS).toString()),
                header(CloudEvents.HEADER_CONTENT_TYPE, CloudEvents.CONTENT_TYPE_JSON));
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
