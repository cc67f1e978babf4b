package dev.udpm.worker.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.status.JobPhase;
import dev.udpm.schemas.status.JobState;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JobStateSerdeTest {

    private final JobStateSerde serde = new JobStateSerde();

    @Test
    void completedAndFailedStatesRoundTripWithLowerCaseStatusAndNoNulls() {
        JobState completed = new JobState("j", JobPhase.COMPLETED, 2, 2, "w1", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:05.123Z"),
                List.of(StoredObject.of("jobs/j/000000.png", "c".repeat(64), 7, "image/png")),
                "jobs/j/manifest.json", "tiny", "v1", null, null, null);
        byte[] bytes = serde.serializer().serialize("t", completed);
        String json = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"status\":\"completed\""), json);
        assertTrue(json.contains("\"updatedAt\":\"2026-01-01T00:00:05.123Z\""), json);
        assertFalse(json.contains("failureCode"), "absent fields are left out: " + json);
        assertEquals(completed, serde.deserializer().deserialize("t", bytes));

        JobState failed = new JobState("j", JobPhase.FAILED, null, null, "w1", null, Instant.EPOCH, null, null, null,
                null, FailureCode.MODEL_NOT_FOUND, "no model x", "/model");
        assertEquals(failed, serde.deserializer().deserialize("t", serde.serializer().serialize("t", failed)));
    }

    @Test
    void nullIsATombstoneAndGarbageIsASerializationError() {
        assertNull(serde.serializer().serialize("t", null));
        assertNull(serde.deserializer().deserialize("t", null));
        assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize("t", "{not json".getBytes(StandardCharsets.UTF_8)));
    }
}
