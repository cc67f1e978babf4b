package dev.udpm.trainer.service;

import dev.udpm.schemas.CloudEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeader;

/** The CloudEvents Kafka binding headers (binary mode, {@link CloudEvents#binaryModeHeaders}) of one event the trainer writes. */
final class CloudEventHeaders {

    private CloudEventHeaders() {
    }

    /** {@code ce_id} (random UUID), {@code ce_source}, {@code ce_type}, {@code ce_specversion}, {@code ce_time}, content-type. */
    static List<RecordHeader> of(String type, String source, Instant time) {
        return CloudEvents.binaryModeHeaders(type, source, time).entrySet().stream()
                .map(h -> new RecordHeader(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8))).toList();
    }
}
