package dev.udpm.worker.config;

/**
 * Text from outside (record keys, property names, header values, messages quoting them) made safe to log: every
 * control character (C0, DEL, C1) and the Unicode line and paragraph separators are escaped ({@code \n},
 * {@code \r}, {@code \t}, else {@code \\uXXXX}), so input can never start a forged log line; long text is cut.
 */
public final class LogSafe {

    /** Characters kept of one logged value. */
    public static final int MAX_CHARS = 2048;

    private LogSafe() {
    }

    /** {@code text} escaped and cut to {@link #MAX_CHARS} characters ({@code "null"} for null). */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        int length = Math.min(text.length(), MAX_CHARS);
        if (length < text.length() && Character.isHighSurrogate(text.charAt(length - 1))) {
            length--;
        }
        StringBuilder out = null;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (isUnsafe(c)) {
                if (out == null) {
                    out = new StringBuilder(length + 16).append(text, 0, i);
                }
                switch (c) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(String.format("\\u%04x", (int) c));
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        String escaped = out == null ? text.substring(0, length) : out.toString();
        return text.length() > MAX_CHARS ? escaped + "...(" + text.length() + " chars)" : escaped;
    }

    private static boolean isUnsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
