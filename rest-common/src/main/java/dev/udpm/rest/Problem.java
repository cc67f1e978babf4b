package dev.udpm.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem details body ({@value #MEDIA_TYPE}), the body of every error answer of the worker's and the
 * trainer's REST APIs.
 *
 * @param type URI naming the kind of problem
 * @param title short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong with this request and what to do; for an invalid request it names the first field
 * @param violations for invalid requests: every field that broke the contract, else absent
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
     * @param field JSON pointer of the offending value, e.g. {@code /count}; {@code ""} = the whole body
     * @param rule the broken rule (a JSON Schema keyword such as {@code maximum} or {@code required}, or
     *     {@code json} for a body that is not JSON)
     * @param message human-readable explanation
     */
    @Schema(name = "FieldViolation")
    public record FieldViolation(String field, String rule, String message) {
    }
}
