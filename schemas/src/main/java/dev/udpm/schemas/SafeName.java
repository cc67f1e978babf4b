package dev.udpm.schemas;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The identifier pattern of job ids, model names and other names used inside S3 keys and as Kafka keys, READ from
 * {@code common.schema.json#/$defs/safeName} (the only place it is written) when this class loads, for code that
 * checks a name outside a schema validation (a path parameter, a record key, a request field).
 */
public final class SafeName {

    /** Schema file holding the pattern. */
    public static final String SCHEMA = "common.schema.json";

    /** The pattern, to be matched against the whole string ({@link java.util.regex.Matcher#matches()}). */
    public static final Pattern PATTERN = Pattern.compile(read());

    private SafeName() {
    }

    /** Whether {@code name} is a safe name; false for {@code null}. */
    public static boolean isSafe(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }

    /** The schema's ECMA pattern {@code ^...$} without its anchors (whole-string matching does that in Java). */
    private static String read() {
        JsonNode pattern = SchemaResources.read(SCHEMA).path("$defs").path("safeName").path("pattern");
        String regex = pattern.asText("");
        if (!regex.startsWith("^") || !regex.endsWith("$") || regex.length() < 3) {
            throw new IllegalStateException(SCHEMA + " has no anchored pattern at /$defs/safeName/pattern (found "
                    + (pattern.isMissingNode() ? "nothing" : pattern.toString()) + "); the schema and "
                    + SafeName.class.getName() + " disagree");
        }
        return regex.substring(1, regex.length() - 1);
    }
}
