package dev.udpm.schemas.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.MessageKind;
import dev.udpm.schemas.validation.ContractValidator;
import org.junit.jupiter.api.Test;

class JobFailedTest {

    private static JobFailed failed(String message, String field) {
        return new JobFailed("j1", Instant.parse("2025-01-31T12:00:00Z"), "w1", null, FailureCode.INVALID_REQUEST,
                message, field);
    }

    @Test
    void aFailedEventWithAHostileFieldOrMessageStillKeepsItsSchema() throws Exception {
        JobFailed event = failed("m".repeat(10_000), "/" + "p".repeat(2001));
        assertEquals(JobFailed.MAX_FIELD, event.field().length());
        assertTrue(event.field().startsWith("/ppp") && event.field().endsWith("..."));
        assertEquals(JobFailed.MAX_MESSAGE, event.message().length());
        String json = Json.mapper().writerFor(JobEvent.class).writeValueAsString(event);
        assertTrue(ContractValidator.shared().validate(MessageKind.JOB_EVENT, json).valid(), json);
    }

    @Test
    void theLimitsAreTheSchemasAndShortTextIsKept() throws Exception {
        JobFailed fits = failed("bad", "/" + "p".repeat(JobFailed.MAX_FIELD - 1));
        assertEquals(JobFailed.MAX_FIELD, fits.field().length(), "kept whole");
        assertEquals("bad", fits.message());
        ObjectNode tooLong = (ObjectNode) Json.mapper().readTree(Json.mapper().writerFor(JobEvent.class)
                .writeValueAsString(fits));
        tooLong.put("field", fits.field() + "p");
        assertFalse(ContractValidator.shared().validate(MessageKind.JOB_EVENT, tooLong).valid(),
                "MAX_FIELD is the schema's maxLength");
        tooLong.put("field", "/x");
        tooLong.put("message", "m".repeat(JobFailed.MAX_MESSAGE + 1));
        assertFalse(ContractValidator.shared().validate(MessageKind.JOB_EVENT, tooLong).valid(),
                "MAX_MESSAGE is the schema's maxLength");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String field = "/" + "p".repeat(JobFailed.MAX_FIELD - 5) + "\uD83D\uDE00".repeat(10);
        JobFailed event = failed("x", field);
        assertTrue(event.field().length() <= JobFailed.MAX_FIELD);
        assertFalse(Character.isHighSurrogate(event.field().charAt(event.field().length() - 4)), event.field());
    }
}
