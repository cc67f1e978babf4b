package dev.udpm.deploy.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the configuration keys a module declares in Java source: {@code @ConfigMapping(prefix = "...")}
 * interfaces (every abstract accessor is {@code prefix.kebab-name}, or its {@code @WithName}) and
 * {@code @ConfigProperty(name = "...")} injections. It reads source rather than classes so that the deploy module
 * does not need the services on its classpath, and it refuses what it cannot read reliably (nested config groups)
 * instead of under-reporting keys.
 */
public final class ConfigMappingScanner {

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile(
            "@ConfigProperty\\s*\\(\\s*name\\s*=\\s*\"([^\"]+)\"(?:\\s*,\\s*defaultValue\\s*=\\s*\"([^\"]*)\")?");
    private static final String STRING = "\"(?:[^\"\\\\]|\\\\.)*\"";
    private static final String ANNOTATION = "@\\w+(?:\\s*\\((?:" + STRING + "|[^()\"])*\\))?";
    /** An abstract accessor: annotations, a return type, a name, "();". */
    private static final Pattern ACCESSOR = Pattern.compile(
            "((?:" + ANNOTATION + "\\s*)*)([\\w.]+(?:\\s*<[\\w.<>,?\\s\\[\\]]*>)?(?:\\[\\])?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern WITH_DEFAULT = Pattern.compile("@WithDefault\\s*\\(\\s*(" + STRING + ")\\s*\\)");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*(" + STRING + ")\\s*\\)");
    private static final Pattern TYPE_DECLARATION = Pattern.compile("\\b(?:interface|class|record|enum)\\s+\\w+");

    private ConfigMappingScanner() {
    }

    /** Every key declared in the {@code .java} files under {@code sourceRoot}. */
    public static List<ConfigKey> scan(Path sourceRoot) {
        List<ConfigKey> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                keys.addAll(scanSource(Files.readString(file), sourceRoot.relativize(file).toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sources under " + sourceRoot, e);
        }
        return keys;
    }

    /** The keys declared in one compilation unit; {@code source} names it in messages. */
    public static List<ConfigKey> scanSource(String javaSource, String source) {
        String code = withoutComments(javaSource);
        List<ConfigKey> keys = new ArrayList<>();
        Matcher property = CONFIG_PROPERTY.matcher(code);
        while (property.find()) {
            keys.add(new ConfigKey(property.group(1), Optional.ofNullable(property.group(2)), false, source));
        }
        Matcher mapping = MAPPING.matcher(code);
        if (!mapping.find()) {
            return keys;
        }
        String prefix = mapping.group(1);
        Matcher types = TYPE_DECLARATION.matcher(code.replaceAll(STRING, "\"\""));
        int declarations = 0;
        while (types.find()) {
            declarations++;
        }
        if (declarations != 1) {
            throw new IllegalStateException(source + ": @ConfigMapping(prefix = \"" + prefix + "\") declares "
                    + declarations + " types; nested config groups are not supported by ConfigMappingScanner:"
                    + " extend it (deploy/src/test/java/dev/udpm/deploy/config) before relying on the drift check");
        }
        Matcher accessor = ACCESSOR.matcher(topLevelMembers(code, code.indexOf('{', mapping.end())));
        while (accessor.find()) {
            String annotations = accessor.group(1);
            String type = accessor.group(2);
            Matcher withName = WITH_NAME.matcher(annotations);
            String name = withName.find() ? unquote(withName.group(1)) : kebab(accessor.group(3));
            Matcher withDefault = WITH_DEFAULT.matcher(annotations);
            Optional<String> defaultValue = withDefault.find() ? Optional.of(unquote(withDefault.group(1)))
                    : Optional.empty();
            boolean isMap = type.matches("(?:java\\.util\\.)?Map\\s*<.*") || type.matches("Optional\\s*<\\s*Map.*");
            keys.add(new ConfigKey(prefix + "." + name, defaultValue, isMap, source));
        }
        return keys;
    }

    /** SmallRye Config's default naming of an accessor: {@code maxInFlightJobs} is {@code max-in-flight-jobs}. */
    public static String kebab(String accessor) {
        StringBuilder kebab = new StringBuilder();
        for (int i = 0; i < accessor.length(); i++) {
            char c = accessor.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    kebab.append('-');
                }
                kebab.append(Character.toLowerCase(c));
            } else {
                kebab.append(c);
            }
        }
        return kebab.toString();
    }

    /**
     * The text of the type body opening at {@code open} without the bodies of its methods (depth > 0), so that a
     * call such as {@code return forceCpu();} in a default method cannot pass for an accessor. String literals
     * (which may hold braces, as in {@code "${java.io.tmpdir}"}) are copied whole.
     */
    private static String topLevelMembers(String code, int open) {
        StringBuilder members = new StringBuilder();
        int depth = 0;
        for (int i = open + 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '"') {
                Matcher literal = Pattern.compile(STRING).matcher(code).region(i, code.length());
                int end = literal.lookingAt() ? literal.end() : code.length();
                if (depth == 0) {
                    members.append(code, i, end);
                }
                i = end - 1;
            } else if (c == '\'') {
                int end = code.indexOf('\'', i + (code.charAt(i + 1) == '\\' ? 3 : 2));
                if (depth == 0) {
                    members.append(code, i, end + 1);
                }
                i = end;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    break;
                }
                depth--;
                members.append(' ');
            } else if (depth == 0) {
                members.append(c);
            }
        }
        return members.toString();
    }

    private static String unquote(String literal) {
        return literal.substring(1, literal.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    /**
     * The source with comments removed (string, text-block and char literals kept), so that javadoc cannot look
     * like code.
     */
    public static String withoutComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? source.length() : end + 3;
                out.append(source, i, end);
                i = end;
            } else if (c == '\'') {
                int end = i + 1;
                while (end < source.length() && source.charAt(end) != '\'') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                out.append(source, i, Math.min(end + 1, source.length()));
                i = end + 1;
            } else if (c == '"') {
                int end = i + 1;
                while (end < source.length() && source.charAt(end) != '"') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                out.append(source, i, Math.min(end + 1, source.length()));
                i = end + 1;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
