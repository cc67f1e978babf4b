package dev.udpm.schemas.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.regex.RegularExpression;
import org.junit.jupiter.api.Test;

class StrictEndRegexFactoryTest {

    private static final String END = "(?![\\s\\S])";

    @Test
    void rewritesOnlyAnchorDollars() {
        assertEquals("^a" + END, StrictEndRegexFactory.rewriteEndAnchors("^a$"));
        assertEquals("^(x|" + END + ")", StrictEndRegexFactory.rewriteEndAnchors("^(x|$)"));
        assertEquals("^[$]" + END, StrictEndRegexFactory.rewriteEndAnchors("^[$]$"), "a '$' in a class is literal");
        assertEquals("^\\$" + END, StrictEndRegexFactory.rewriteEndAnchors("^\\$$"), "an escaped '$' is literal");
        assertEquals("^[]$]" + END, StrictEndRegexFactory.rewriteEndAnchors("^[]$]$"), "leading ']' stays in the class");
        assertEquals("^[\\]$]" + END, StrictEndRegexFactory.rewriteEndAnchors("^[\\]$]$"), "escaped ']' stays in the class");
    }

    @Test
    void dollarMatchesOnlyAtTheEndOfInput() {
        RegularExpression hex = StrictEndRegexFactory.INSTANCE.getRegularExpression("^[0-9a-f]{4}$");
        assertTrue(hex.matches("00ff"));
        assertFalse(hex.matches("00ff\n"), "java.util.regex alone would accept a trailing newline");
        assertFalse(hex.matches("00ff\r\n"));
        assertFalse(hex.matches("00ff0"));
    }

    @Test
    void unanchoredPatternsSearchAnywhere() {
        RegularExpression digits = StrictEndRegexFactory.INSTANCE.getRegularExpression("[0-9]+");
        assertTrue(digits.matches("ab12cd"), "JSON Schema patterns are not implicitly anchored");
        assertFalse(digits.matches("abcd"));
    }
}
