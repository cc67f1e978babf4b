package dev.udpm.deploy.monitoring;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. Not a full parser: it removes what cannot name a metric (string
 * literals, label matchers in braces, range and subquery brackets, the label lists of {@code by}, {@code without},
 * {@code on}, {@code ignoring}, {@code group_left}, {@code group_right}, Grafana variables such as
 * {@code $__rate_interval}), then every identifier left that is not a function call, an operator keyword or a
 * number is a metric name. A selector written as {@code {__name__="x"}} is refused: its name would escape the check.
 */
public final class PromQl {

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan");
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])[A-Za-z_:][A-Za-z0-9_:]*");

    private PromQl() {
    }

    /** The metric names {@code expr} selects; fails on a selector by {@code __name__}. */
    public static Set<String> metricNames(String expr) {
        String code = withoutStrings(expr);
        if (code.contains("__name__")) {
            throw new IllegalArgumentException("a selector by __name__ hides the metric name from the drift check: "
                    + expr);
        }
        code = code.replaceAll("\\$\\{[^}]*}", " ").replaceAll("\\$\\w+", " ");
        code = code.replaceAll("\\{[^{}]*}", " ");
        code = code.replaceAll("\\[[^\\[\\]]*]", " ");
        code = LABEL_LIST.matcher(code).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher id = IDENTIFIER.matcher(code);
        while (id.find()) {
            String word = id.group();
            int after = id.end();
            while (after < code.length() && Character.isWhitespace(code.charAt(after))) {
                after++;
            }
            boolean call = after < code.length() && code.charAt(after) == '(';
            if (!call && !KEYWORDS.contains(word.toLowerCase(Locale.ROOT))) {
                names.add(word);
            }
        }
        return names;
    }

    /**
     * The label names {@code expr} uses: the keys of its label matchers and the labels of its {@code by},
     * {@code without}, {@code on}, {@code ignoring}, {@code group_left} and {@code group_right} lists.
     */
    public static Set<String> labelNames(String expr) {
        String code = withoutStrings(expr);
        Set<String> labels = new TreeSet<>();
        Matcher matchers = Pattern.compile("\\{([^{}]*)}").matcher(code.replaceAll("\\$\\{[^}]*}", " "));
        while (matchers.find()) {
            for (String matcher : matchers.group(1).split(",")) {
                Matcher key = Pattern.compile("^\\s*([A-Za-z_]\\w*)\\s*(=~|!~|!=|=)").matcher(matcher);
                if (key.find()) {
                    labels.add(key.group(1));
                } else if (!matcher.isBlank()) {
                    throw new IllegalArgumentException("unreadable label matcher '" + matcher.trim() + "' in " + expr);
                }
            }
        }
        Matcher lists = LABEL_LIST.matcher(code);
        while (lists.find()) {
            String list = lists.group().substring(lists.group().indexOf('(') + 1, lists.group().length() - 1);
            for (String label : list.split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.trim());
                }
            }
        }
        return labels;
    }

    /** {@code expr} with its string literals ("..", '..', `..`) blanked out. */
    static String withoutStrings(String expr) {
        StringBuilder out = new StringBuilder(expr.length());
        int i = 0;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                int end = i + 1;
                while (end < expr.length() && expr.charAt(end) != c) {
                    end += expr.charAt(end) == '\\' && c != '`' ? 2 : 1;
                }
                if (end >= expr.length()) {
                    throw new IllegalArgumentException("unterminated string literal in " + expr);
                }
                out.append("\"\"");
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
