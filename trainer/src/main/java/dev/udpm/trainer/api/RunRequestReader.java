package dev.udpm.trainer.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.udpm.schemas.Json;
import dev.udpm.trainer.runs.InvalidRunRequestException;
import dev.udpm.trainer.training.FieldViolation;
import dev.udpm.trainer.training.RunRequest;

/** Parses a {@code POST /v1/runs} body; JSON and type errors become violations naming the field. */
final class RunRequestReader {

    private static final ObjectMapper MAPPER = Json.newMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private RunRequestReader() {
    }

    static RunRequest read(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidRunRequestException(new FieldViolation("", "required",
                    "must be a JSON object, e.g. {\"dataset\":\"fashion-mnist\",\"steps\":1000}"));
        }
        try {
            RunRequest request = MAPPER.readValue(body, RunRequest.class);
            if (request == null) {
                throw new InvalidRunRequestException(new FieldViolation("", "type", "must be a JSON object"));
            }
            return request;
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRunRequestException(new FieldViolation(pointer(e), "additionalProperties",
                    "is not a run-request field; known: " + e.getKnownPropertyIds()));
        } catch (JsonMappingException e) {
            throw new InvalidRunRequestException(new FieldViolation(pointer(e), "type", "has the wrong type: "
                    + e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new InvalidRunRequestException(new FieldViolation("", "json", "is not valid JSON: "
                    + e.getOriginalMessage()));
        }
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            s.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
        }
        return s.toString();
    }
}
