package dev.udpm.schemas;

import java.io.UncheckedIOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration for every wire message of the fleet.
 *
 * <p>Dates are ISO-8601 strings ({@code 2025-01-31T12:00:00Z}), never epoch numbers; absent optional fields
 * are left out ({@code NON_NULL}), so a record written back produces the JSON it was read from; trailing
 * tokens after the message are an error, and so is a property given twice in one object (a duplicate would let
 * the last {@code jobId} win unseen).
 *
 * <p>Quarkus apps should apply the same settings to their own mapper with {@link #configure(ObjectMapper)}
 * (from an {@code ObjectMapperCustomizer}) instead of copying them.
 */
public final class Json {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private Json() {
    }

    /**
     * The shared, configured mapper. Thread-safe for reading and writing; do NOT reconfigure it (use
     * {@link #newMapper()} for a private copy to change).
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A fresh mapper with the contract settings, free to be changed by the caller. */
    public static ObjectMapper newMapper() {
        return configure(new ObjectMapper());
    }

    /**
     * Applies the contract settings to {@code mapper} (JavaTimeModule, ISO dates, non-null inclusion, no trailing
     * tokens, no duplicate properties) and returns it.
     */
    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.registerModule(new JavaTimeModule());
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
        mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // NON_NULL for properties only: a null inside a free map (e.g. the manifest's network config) is kept.
        mapper.setDefaultPropertyInclusion(
                JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS));
        return mapper;
    }

    /** Writes {@code value} as compact JSON with the shared mapper. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads {@code json} into {@code type} with the shared mapper WITHOUT schema validation; use
     * {@code ContractValidator.parse} for input from outside the process.
     */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot read JSON as " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
