package dev.udpm.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {

    @Test
    void everyBinaryModeAttributeBecomesAUtf8RecordHeaderInOrder() {
        Instant time = Instant.parse("2026-01-02T03:04:05.678901Z");
        List<RecordHeader> headers = CloudEventHeaders.of(CloudEvents.TYPE_JOB_COMPLETED, "/udpm/worker/w1", time);
        assertEquals(List.of("ce_id", "ce_source", "ce_type", "ce_specversion", "ce_time", "content-type"),
                headers.stream().map(RecordHeader::key).toList());
        assertEquals("/udpm/worker/w1", value(headers.get(1)));
        assertEquals(CloudEvents.TYPE_JOB_COMPLETED, value(headers.get(2)));
        assertEquals("2026-01-02T03:04:05.678Z", value(headers.get(4)));
        assertEquals("application/json", value(headers.get(5)));
    }

    private static String value(RecordHeader header) {
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
