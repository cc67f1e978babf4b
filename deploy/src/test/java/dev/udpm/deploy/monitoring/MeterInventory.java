package dev.udpm.deploy.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.udpm.deploy.config.ConfigMappingScanner;

/**
 * The Prometheus series names the services export, read from their Java sources: every Micrometer registration
 * ({@code Counter/Gauge/Timer/DistributionSummary/LongTaskTimer/FunctionCounter/FunctionTimer/TimeGauge.builder(name)},
 * {@code registry.counter/gauge/timer/summary(name, ...)}, {@code @Counted(name)}, {@code @Timed(name)}) with a name
 * that is a string literal or a {@code static final String} constant of the same source set. A registration whose
 * name is anything else (a variable, a concatenation) is reported as {@link #unreadable()} rather than left out,
 * so the inventory cannot under-report silently. Label names come from the builder's {@code tag(key, value)} and
 * {@code tags(key, value, ...)} calls and the shortcuts' key-value arguments, read the same way.
 *
 * <p>Names follow the services' registry (Quarkus' {@code quarkus-micrometer-registry-prometheus}, i.e. Micrometer's
 * {@code micrometer-registry-prometheus-simpleclient}): dots become underscores; counters end in {@code _total};
 * timers are in seconds ({@code _seconds_count}, {@code _seconds_sum}, {@code _seconds_max}, plus
 * {@code _seconds_bucket} when a histogram is published); distribution summaries have {@code _count}, {@code _sum},
 * {@code _max} (and {@code _bucket} with SLOs or a histogram), after their base unit if they name one; gauges keep
 * their name; long task timers have {@code _seconds_active_count}, {@code _seconds_duration_sum} and
 * {@code _seconds_max}.
 */
public final class MeterInventory {

    private static final String STRING = "\"(?:[^\"\\\\]|\\\\.)*\"";
    private static final Pattern BUILDER = Pattern.compile(
            "\\b(Counter|Gauge|Timer|DistributionSummary|LongTaskTimer|FunctionCounter|FunctionTimer|TimeGauge)"
                    + "\\s*\\.\\s*builder\\s*\\(");
    /** {@code registry.counter(name, ...)}: a MeterRegistry shortcut, on any receiver. */
    private static final Pattern SHORTCUT = Pattern.compile("(\\w+)\\s*\\.\\s*(counter|gauge|timer|summary)\\s*\\(");
    /** Receivers taken to be a MeterRegistry: a shortcut on them must name its meter readably. */
    private static final Pattern REGISTRY_RECEIVER = Pattern.compile("(?i)\\w*(registry|meters)");
    private static final Pattern ANNOTATION = Pattern.compile("@(Counted|Timed)\\s*\\(");
    private static final Pattern LITERAL_OR_CONSTANT = Pattern.compile(
            STRING + "|[A-Z][A-Z0-9_]*|[A-Za-z_]\\w*\\.[A-Z][A-Z0-9_]*");
    private static final Pattern CONSTANT = Pattern.compile(
            "static\\s+final\\s+String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*(" + STRING + ")\\s*;");
    private static final Pattern BASE_UNIT = Pattern.compile("\\.\\s*baseUnit\\s*\\(\\s*(" + STRING + ")\\s*\\)");

    private static final Pattern TAG_CALL = Pattern.compile("\\.\\s*(tag|tags)\\s*\\(");

    /** Prometheus series name -> where it is registered and its labels. */
    private final Map<String, Series> series;
    private final List<String> unreadable;

    /**
     * One exported series.
     *
     * @param where where it is registered
     * @param labels its label (tag) names, or {@code null} when the registration does not say (an annotation, whose
     *     tags the framework adds)
     */
    public record Series(String where, Set<String> labels) {
    }

    private MeterInventory(Map<String, Series> series, List<String> unreadable) {
        this.series = series;
        this.unreadable = unreadable;
    }

    /**
     * The meters of every module of the repository at {@code root}: each top-level directory with a
     * {@code pom.xml} and a {@code src/main/java}.
     */
    public static MeterInventory ofRepository(Path root) {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml"))).sorted().toList()) {
                Path main = module.resolve("src/main/java");
                if (!Files.isDirectory(main)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(main)) {
                    for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                        sources.put(root.relativize(file).toString(), Files.readString(file));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sources under " + root, e);
        }
        return of(sources);
    }

    /** The meters registered in {@code sources} (file name -> Java source). */
    public static MeterInventory of(Map<String, String> sources) {
        Map<String, String> code = new TreeMap<>();
        sources.forEach((file, text) -> code.put(file, ConfigMappingScanner.withoutComments(text)));
        Map<String, String> constants = new TreeMap<>();
        code.values().forEach(text -> {
            Matcher c = CONSTANT.matcher(text);
            while (c.find()) {
                constants.putIfAbsent(c.group(1), unquote(c.group(2)));
            }
        });
        Map<String, Series> series = new TreeMap<>();
        List<String> unreadable = new ArrayList<>();
        code.forEach((file, text) -> {
            Matcher b = BUILDER.matcher(text);
            while (b.find()) {
                String statement = statement(text, b.start());
                Set<String> labels = new TreeSet<>();
                Matcher tag = TAG_CALL.matcher(statement);
                while (tag.find()) {
                    List<String> args = arguments(statement, tag.end());
                    if (args.equals(List.of("")) || (tag.group(1).equals("tag") && args.size() != 2)) {
                        continue; // a getter such as outcome.tag(), not Micrometer's tag(key, value)
                    }
                    if (args.size() % 2 != 0) {
                        unreadable.add(file + ": tags(" + String.join(", ", args) + ") names no key-value pairs");
                    }
                    for (int i = 0; i + 1 < args.size(); i += 2) {
                        labels.add(label(args.get(i), constants, file, unreadable));
                    }
                }
                register(series, unreadable, constants, file, kind(b.group(1)), arguments(text, b.end()).get(0),
                        statement, labels);
            }
            Matcher s = SHORTCUT.matcher(text);
            while (s.find()) {
                List<String> args = arguments(text, s.end());
                String arg = args.get(0);
                if (LITERAL_OR_CONSTANT.matcher(arg).matches() || (!arg.isEmpty()
                        && REGISTRY_RECEIVER.matcher(s.group(1)).matches())) {
                    // counter/timer/summary(name, String... keyValues); gauge(name, object)
                    List<String> tags = s.group(2).equals("gauge") ? List.of() : args.subList(1, args.size());
                    Set<String> labels = new TreeSet<>();
                    if (tags.size() % 2 != 0 || (s.group(2).equals("gauge") && args.size() > 2)) {
                        unreadable.add(file + ": tags of " + s.group(2) + "(" + String.join(", ", args) + ")");
                    }
                    for (int i = 0; i + 1 < tags.size(); i += 2) {
                        labels.add(label(tags.get(i), constants, file, unreadable));
                    }
                    register(series, unreadable, constants, file, kind(s.group(2)), arg, "", labels);
                }
            }
            Matcher a = ANNOTATION.matcher(text);
            while (a.find()) {
                String arg = arguments(text, a.end()).get(0).replaceFirst("^value\\s*=\\s*", "");
                register(series, unreadable, constants, file, a.group(1).equals("Counted") ? Kind.COUNTER : Kind.TIMER,
                        arg, "", null);
            }
        });
        return new MeterInventory(series, unreadable);
    }

    /** Every series name the sources export, with where it is registered and its labels. */
    public Map<String, Series> series() {
        return series;
    }

    /** Whether some registration exports {@code name}. */
    public boolean exports(String name) {
        return series.containsKey(name);
    }

    /** Registrations whose name could not be read (not a literal or known constant). */
    public List<String> unreadable() {
        return unreadable;
    }

    private static String label(String arg, Map<String, String> constants, String file, List<String> unreadable) {
        Optional<String> key = resolve(arg, constants);
        if (key.isEmpty()) {
            unreadable.add(file + ": tag key " + arg);
            return "?";
        }
        return key.get();
    }

    private static void register(Map<String, Series> series, List<String> unreadable, Map<String, String> constants,
            String file, Kind kind, String nameArg, String statement, Set<String> labels) {
        Optional<String> name = resolve(nameArg, constants);
        if (name.isEmpty()) {
            unreadable.add(file + ": " + kind + " named by " + nameArg);
            return;
        }
        String base = name.get().replace('.', '_').replace('-', '_');
        Matcher unitMatch = BASE_UNIT.matcher(statement);
        String unit = unitMatch.find() ? unquote(unitMatch.group(1)) : null;
        boolean histogram = statement.contains("serviceLevelObjectives") || statement.contains("publishPercentileHistogram")
                || statement.contains("sla(");
        String where = file + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name.get() + ")";
        for (String suffix : kind.series(histogram)) {
            String prefix = switch (kind) {
                case COUNTER -> base.endsWith("_total") ? base.substring(0, base.length() - "_total".length()) : base;
                case TIMER, LONG_TASK_TIMER -> base.endsWith("_seconds") ? base : base + "_seconds";
                case TIME_GAUGE -> base.endsWith("_seconds") ? base : base + "_seconds";
                case SUMMARY -> unit == null ? base : withUnit(base, unit);
                case GAUGE -> base;
            };
            Set<String> own = labels == null ? null : new TreeSet<>(labels);
            if (own != null && suffix.equals("_bucket")) {
                own.add("le");
            }
            series.merge(prefix + suffix, new Series(where, own), (a, b) -> new Series(a.where(),
                    a.labels() == null || b.labels() == null ? null : union(a.labels(), b.labels())));
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    private static String withUnit(String base, String unit) {
        return base.endsWith("_" + unit) ? base : base + "_" + unit;
    }

    private static Optional<String> resolve(String nameArg, Map<String, String> constants) {
        if (!LITERAL_OR_CONSTANT.matcher(nameArg).matches()) {
            return Optional.empty();
        }
        if (nameArg.startsWith("\"")) {
            return Optional.of(unquote(nameArg));
        }
        String constant = nameArg.substring(nameArg.lastIndexOf('.') + 1);
        return Optional.ofNullable(constants.get(constant));
    }

    /**
     * The arguments of the call whose opening parenthesis ends at {@code from}, split at commas outside nested
     * parentheses and string literals, trimmed; one empty argument for an empty list.
     */
    private static List<String> arguments(String text, int from) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = from;
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(text.substring(start, i).trim());
                start = i + 1;
            } else if (c == ')') {
                break;
            }
            i++;
        }
        args.add(text.substring(start, Math.min(i, text.length())).trim());
        return args;
    }

    /** The builder chain from {@code start} to its {@code register(...)} (or the end of the statement). */
    private static String statement(String text, int start) {
        int register = text.indexOf("register(", start);
        int semicolon = text.indexOf(';', start);
        int end = register >= 0 && (semicolon < 0 || register < semicolon) ? register : semicolon;
        return text.substring(start, end < 0 ? text.length() : end);
    }

    private static String unquote(String literal) {
        return literal.substring(1, literal.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static Kind kind(String word) {
        return switch (word) {
            case "Counter", "FunctionCounter", "counter" -> Kind.COUNTER;
            case "Gauge", "gauge" -> Kind.GAUGE;
            case "TimeGauge" -> Kind.TIME_GAUGE;
            case "Timer", "FunctionTimer", "timer" -> Kind.TIMER;
            case "DistributionSummary", "summary" -> Kind.SUMMARY;
            case "LongTaskTimer" -> Kind.LONG_TASK_TIMER;
            default -> throw new IllegalArgumentException(word);
        };
    }

    /** A Micrometer meter type and the series it becomes. */
    enum Kind {
        COUNTER, GAUGE, TIME_GAUGE, TIMER, SUMMARY, LONG_TASK_TIMER;

        List<String> series(boolean histogram) {
            List<String> suffixes = switch (this) {
                case COUNTER -> new ArrayList<>(List.of("_total"));
                case GAUGE, TIME_GAUGE -> new ArrayList<>(List.of(""));
                case TIMER, SUMMARY -> new ArrayList<>(List.of("_count", "_sum", "_max"));
                case LONG_TASK_TIMER -> new ArrayList<>(List.of("_active_count", "_duration_sum", "_max"));
            };
            if (histogram && (this == TIMER || this == SUMMARY || this == LONG_TASK_TIMER)) {
                suffixes.add("_bucket");
            }
            return suffixes;
        }
    }
}
