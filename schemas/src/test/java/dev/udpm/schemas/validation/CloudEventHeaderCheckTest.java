package dev.udpm.schemas.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.validation.CloudEventHeaderCheck.RawHeader;
import org.junit.jupiter.api.Test;

class CloudEventHeaderCheckTest {

    private static List<RawHeader> good() {
        List<RawHeader> headers = new ArrayList<>();
        CloudEvents.binaryModeHeaders(CloudEvents.TYPE_JOB_REQUEST, "/udpm/cli", Instant.now()).forEach(
                (name, value) -> headers.add(new RawHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        return headers;
    }

    private static List<Violation> with(String name, String value) {
        List<RawHeader> headers = good();
        headers.removeIf(h -> h.name().equals(name));
        headers.add(new RawHeader(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
        return CloudEventHeaderCheck.check(headers, CloudEvents.TYPE_JOB_REQUEST);
    }

    private static void assertRejected(String name, String value) {
        List<Violation> violations = with(name, value);
        assertEquals(1, violations.size(), name + "=" + value + ": " + violations);
        assertEquals(CloudEventHeaderCheck.RULE, violations.get(0).rule());
        assertEquals("", violations.get(0).field());
        assertTrue(violations.get(0).message().startsWith("header " + name + ": "), violations.get(0).message());
    }

    @Test
    void theFleetsOwnHeadersAndNoHeadersPass() {
        assertEquals(List.of(), CloudEventHeaderCheck.check(good(), CloudEvents.TYPE_JOB_REQUEST));
        assertEquals(List.of(), CloudEventHeaderCheck.check(List.of(), CloudEvents.TYPE_JOB_REQUEST));
        assertEquals(List.of(), with(CloudEvents.HEADER_TIME, "2025-01-31t12:00:00.5-05:30"));
        assertEquals(List.of(), with(CloudEvents.HEADER_CONTENT_TYPE, "application/json; charset=utf-8"));
        assertEquals(List.of(), with(CloudEvents.HEADER_SOURCE, "https://example.com/clients/7"));
        assertEquals(List.of(), with("ce_myextension", "\u0000anything"), "extensions are not checked");
    }

    @Test
    void everyMalformedHeaderIsNamed() {
        assertRejected(CloudEvents.HEADER_TIME, "yesterday");
        assertRejected(CloudEvents.HEADER_TIME, "2025-01-01T00:00:00");
        assertRejected(CloudEvents.HEADER_TIME, "2025-02-30T00:00:00Z");
        assertRejected(CloudEvents.HEADER_TIME, "2025-01-01T00:00Z");
        assertRejected(CloudEvents.HEADER_SOURCE, "::not a uri::");
        assertRejected(CloudEvents.HEADER_SOURCE, "");
        assertRejected(CloudEvents.HEADER_SPEC_VERSION, "0.3");
        assertRejected(CloudEvents.HEADER_TYPE, "dev.udpm.job.failed.v1");
        assertRejected(CloudEvents.HEADER_ID, "");
        assertRejected(CloudEvents.HEADER_ID, "i".repeat(CloudEventHeaderCheck.MAX_ID + 1));
        assertRejected(CloudEvents.HEADER_CONTENT_TYPE, "text/plain");
        assertRejected(CloudEvents.HEADER_TIME, null);
    }

    @Test
    void bytesThatAreNotUtf8AndRepeatedHeadersAreRejected() {
        List<RawHeader> headers = good();
        headers.removeIf(h -> h.name().equals(CloudEvents.HEADER_ID));
        headers.add(new RawHeader(CloudEvents.HEADER_ID, new byte[] {(byte) 0xc3, (byte) 0x28}));
        headers.add(new RawHeader(CloudEvents.HEADER_TYPE, CloudEvents.TYPE_JOB_REQUEST.getBytes(
                StandardCharsets.UTF_8)));
        List<Violation> violations = CloudEventHeaderCheck.check(headers, CloudEvents.TYPE_JOB_REQUEST);
        assertEquals(List.of("header ce_id: is not UTF-8 text", "header ce_type: is given 2 times; give it once"),
                violations.stream().map(Violation::message).toList());
    }

    @Test
    void aLongValueIsQuotedCut() {
        String message = with(CloudEvents.HEADER_TIME, "t".repeat(10_000)).get(0).message();
        assertTrue(message.length() < 300, message);
    }
}
