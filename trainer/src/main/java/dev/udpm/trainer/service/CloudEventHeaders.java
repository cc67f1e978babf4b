package dev.udpm.trainer.service;

import dev.udpm.schemas.CloudEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeader;

/** The CloudEvents Kafka binding headers (binary mode) of one event the trainer writes. */
final class CloudEventHeaders {

    private CloudEventHeaders() {
    }

    /** {@code ce_id} (random UUID), {@code ce_source}, {@code ce_type}, {@code ce_specversion}, {@code ce_time}, content-type. */
    static List<RecordHeader> of(String type, String source, Instant time) {
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
