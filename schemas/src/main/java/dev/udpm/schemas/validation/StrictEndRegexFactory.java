package dev.udpm.schemas.validation;

import java.util.regex.Pattern;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

/**
 * {@code pattern} support with the ECMA-262 meaning of {@code $} (end of input ONLY), on java.util.regex.
 *
 * <p>JSON Schema patterns are ECMA-262 regexes, where {@code $} matches only at the end of the string. In
 * java.util.regex {@code $} also matches before a final line terminator, so {@code ^[a-z]+$} would accept
 * {@code "abc\n"}: a newline would slip into job ids, S3 keys and digests. Each anchor {@code $} (outside a
 * character class, not escaped) is therefore compiled as {@code (?![\s\S])}, which is end-of-input.
 * Matching is a search ({@code find}), as JSON Schema requires.
 */
final class StrictEndRegexFactory implements RegularExpressionFactory {

    static final StrictEndRegexFactory INSTANCE = new StrictEndRegexFactory();

    private static final String END_OF_INPUT = "(?![\\s\\S])";

    private StrictEndRegexFactory() {
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = Pattern.compile(rewriteEndAnchors(regex));
        return value -> pattern.matcher(value).find();
    }

    /** {@code regex} with every end anchor {@code $} replaced by an end-of-input assertion. */
    static String rewriteEndAnchors(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 16);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(++i));
            } else if (inClass) {
                inClass = c != ']';
                out.append(c);
            } else if (c == '[') {
                inClass = true;
                out.append(c);
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    out.append(regex.charAt(++i)); // a leading ']' is a literal in the class
                }
            } else if (c == '$') {
                out.append(END_OF_INPUT);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
