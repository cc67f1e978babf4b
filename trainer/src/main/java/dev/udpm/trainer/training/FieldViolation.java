package dev.udpm.trainer.training;

/**
 * One way a run request is invalid.
 *
 * @param field JSON pointer of the offending value, e.g. {@code /steps}; {@code ""} = the whole body
 * @param rule the broken rule ({@code minimum}, {@code enum}, {@code required}, {@code json}, ...)
 * @param message what is wrong, e.g. {@code must be >= 1, got 0}
 */
public record FieldViolation(String field, String rule, String message) {

    /** {@code /steps must be >= 1, got 0}. */
    public String describe() {
        return (field.isEmpty() ? "the request body" : field) + " " + message;
    }
}
