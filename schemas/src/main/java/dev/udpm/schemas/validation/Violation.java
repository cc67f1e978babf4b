package dev.udpm.schemas.validation;

/**
 * One way a message breaks its contract.
 *
 * @param field   JSON pointer of the offending value, e.g. {@code /count} or {@code /corners/2}; for a missing
 *                or unexpected property the pointer of that property; {@code ""} is the whole message
 * @param rule    the schema keyword that failed ({@code maximum}, {@code required}, {@code pattern},
 *                {@code enum}, ...), {@value #RULE_JSON} for unparseable input, or a cross-field rule of
 *                {@link CrossFieldRules}
 * @param message human-readable explanation naming the field and what is expected
 */
public record Violation(String field, String rule, String message) {

    /** Rule of a message that is not JSON at all. */
    public static final String RULE_JSON = "json";

    /** Rule of a message that passed the schema but does not bind to its record (a bug in udpm-schemas). */
    public static final String RULE_BINDING = "binding";

    @Override
    public String toString() {
        return (field.isEmpty() ? "(message)" : field) + " [" + rule + "]: " + message;
    }
}
