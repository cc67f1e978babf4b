package dev.udpm.worker.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.udpm.schemas.validation.Violation;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

/** The bounds of a dead letter: whatever the record, it fits in the configured size. */
class DeadLetterTest {

    private static final int MAX = 1_000_000;

    private static int size(DeadLetter letter) {
        int size = letter.key() == null ? 0 : letter.key().getBytes(StandardCharsets.UTF_8).length;
        size += letter.value() == null ? 0 : letter.value().length;
        for (RecordHeader header : letter.headers()) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    private static String header(DeadLetter letter, String name) {
        return letter.headers().stream().filter(h -> h.key().equals(name)).reduce((a, b) -> b)
                .map(h -> new String(h.value(), StandardCharsets.UTF_8)).orElse(null);
    }

    @Test
    void aSmallRecordTravelsWholeWithItsReasonAndPosition() {
        Triage invalid = RecordTriage.classify("j1", "nope".getBytes(StandardCharsets.UTF_8));
        List<Header> original = List.of(new RecordHeader("trace", "t1".getBytes(StandardCharsets.UTF_8)));
        DeadLetter letter = DeadLetter.of(invalid, "udpm.jobs", 2, 41, "j1", "nope".getBytes(StandardCharsets.UTF_8),
                original, MAX);
        assertEquals("j1", letter.key());
        assertArrayEquals("nope".getBytes(StandardCharsets.UTF_8), letter.value());
        assertNull(letter.keptValue());
        assertNull(letter.keptKey());
        assertEquals("json", header(letter, DeadLetterHeaders.RULE));
        assertEquals("udpm.jobs", header(letter, DeadLetterHeaders.TOPIC));
        assertEquals("2", header(letter, DeadLetterHeaders.PARTITION));
        assertEquals("41", header(letter, DeadLetterHeaders.OFFSET));
        assertEquals("t1", header(letter, "trace"));
        assertNull(header(letter, DeadLetter.HEADERS_CUT));
    }

    @Test
    void aValueAtTheBrokersLimitIsKeptAsideAndTheLetterPointsToIt() {
        byte[] value = new byte[1_048_000];
        Arrays.fill(value, (byte) 'x');
        Triage invalid = RecordTriage.classify("j2", value);
        DeadLetter letter = DeadLetter.of(invalid, "udpm.jobs", 0, 7, "j2", value, List.of(), MAX);
        assertEquals(0, letter.value().length);
        assertArrayEquals(value, letter.keptValue());
        assertEquals("dead-letters/udpm.jobs/0/7/value", letter.valueObject());
        assertEquals(letter.valueObject(), header(letter, DeadLetter.VALUE_OBJECT));
        assertEquals("1048000", header(letter, DeadLetter.VALUE_BYTES));
        assertTrue(size(letter) < 64 * 1024);
    }

    @Test
    void hugeViolationsHeadersAndKeysAreBounded() {
        List<Violation> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = Character.toString('a' + i).repeat(45_000);
            many.add(new Violation("/" + name, "additionalProperties", "/" + name + ": is not allowed"));
        }
        Triage invalid = Triage.invalid("j3", many);
        List<Header> original = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            original.add(new RecordHeader("h".repeat(1000) + i, new byte[30_000]));
        }
        String key = "k".repeat(100_000);
        byte[] value = new byte[900_000];
        DeadLetter letter = DeadLetter.of(invalid, "udpm.jobs", 1, 3, key, value, original, MAX);
        assertTrue(size(letter) <= MAX, "fits: " + size(letter));
        assertArrayEquals(value, letter.value(), "the value still fits beside the bounded headers");
        assertTrue(letter.key().length() <= DeadLetter.MAX_KEY);
        assertEquals("dead-letters/udpm.jobs/1/3/key", header(letter, DeadLetter.KEY_OBJECT));
        assertArrayEquals(key.getBytes(StandardCharsets.UTF_8), letter.keptKey());
        assertEquals("100 of 100", header(letter, DeadLetter.HEADERS_CUT));
        assertEquals("20", header(letter, DeadLetterHeaders.VIOLATION_COUNT));
        assertTrue(header(letter, DeadLetterHeaders.VIOLATIONS).length() <= DeadLetterHeaders.MAX_VIOLATIONS);
        assertTrue(header(letter, DeadLetterHeaders.REASON).length() <= DeadLetterHeaders.MAX_MESSAGE);
        assertTrue(header(letter, DeadLetterHeaders.FIELD).length() <= DeadLetterHeaders.MAX_FIELD);
    }
}
