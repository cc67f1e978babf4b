package dev.udpm.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SafeNameTest {

    @Test
    void thePatternIsTheSchemasWithoutItsAnchors() {
        String schema = SchemaResources.read(SafeName.SCHEMA).path("$defs").path("safeName").path("pattern").asText();
        assertEquals("^" + SafeName.PATTERN.pattern() + "$", schema);
    }

    @Test
    void acceptsLettersDigitsDotUnderscoreDashUpTo128StartingWithALetterOrDigit() {
        assertTrue(SafeName.isSafe("a"));
        assertTrue(SafeName.isSafe("Job-1.2_x"));
        assertTrue(SafeName.isSafe("9" + "x".repeat(127)));
        assertFalse(SafeName.isSafe("9" + "x".repeat(128)), "129 characters");
        assertFalse(SafeName.isSafe(""));
        assertFalse(SafeName.isSafe(null));
        assertFalse(SafeName.isSafe("-a"));
        assertFalse(SafeName.isSafe(".hidden"));
        assertFalse(SafeName.isSafe("a/b"));
        assertFalse(SafeName.isSafe("a#s1"));
        assertFalse(SafeName.isSafe("a\n"), "a newline is not a name character");
    }
}
