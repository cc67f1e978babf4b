package dev.udpm.worker.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The trace-context headers the intake hands to the pipeline, from whatever a producer wrote. */
class TraceContextHeadersTest {

    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void takesTheLastTraceparentAndTracestate() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbb-01".getBytes(StandardCharsets.UTF_8));
        headers.add("traceparent", PARENT.getBytes(StandardCharsets.UTF_8));
        headers.add("tracestate", "vendor=x".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_id", "1".getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("traceparent", PARENT, "tracestate", "vendor=x"), TraceContextHeaders.of(headers));
    }

    @Test
    void ignoresMissingNullAndOversizedValues() {
        assertEquals(Map.of(), TraceContextHeaders.of(null));
        assertEquals(Map.of(), TraceContextHeaders.of(new RecordHeaders()));
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", null);
        headers.add("tracestate", new byte[TraceContextHeaders.MAX_BYTES + 1]);
        assertEquals(Map.of(), TraceContextHeaders.of(headers));
    }
}
