package dev.udpm.trainer.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem details body ({@value #MEDIA_TYPE}).
 *
 * @param type URI naming the kind of problem
 * @param title short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong with this request and what to do; for an invalid request it starts with the field
 *     ({@code /steps must be >= 1, got 0})
 * @param violations for invalid requests: every bad field, else absent
 */
@Schema(name = "Problem", description = "RFC 9457 problem details; invalid requests list every violation")
public record Problem(String type, String title, int status, String detail, List<FieldViolation> violations) {

    /** The problem-details media type. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** Prefix of every problem type URI. */
    public static final String TYPE_PREFIX = "https://udpm.dev/problems/";

    /**
     * One way a request broke the contract.
     *
     * @param field JSON pointer of the offending value, e.g. {@code /steps}; {@code ""} = the whole body
     * @param rule the broken rule ({@code minimum}, {@code enum}, {@code json}, ...)
     * @param message human-readable explanation
     */
    @Schema(name = "FieldViolation")
    public record FieldViolation(String field, String rule, String message) {
    }
}
