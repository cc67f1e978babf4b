package dev.udpm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of a process's threads from {@code /proc/{pid}/task/{tid}/stat} (user + system, in clock ticks of
 * {@value #TICKS_PER_SECOND} Hz), grouped by thread name with trailing numbers removed ({@code udpm-job-io-3} ->
 * {@code udpm-job-io}). Two snapshots give where a process spent its CPU between them, thread group by thread group;
 * threads that ended between the snapshots are lost (short-lived threads are under-counted).
 */
public final class ThreadCpu {

    /** USER_HZ on Linux x86-64. */
    static final int TICKS_PER_SECOND = 100;

    /** The group of the CPU time of threads that ended between two snapshots. */
    public static final String ENDED = "(threads that ended)";

    private final Map<Long, Sample> byThread;
    private final long processTicks;

    private record Sample(String group, long ticks) {
    }

    private ThreadCpu(Map<Long, Sample> byThread, long processTicks) {
        this.byThread = byThread;
        this.processTicks = processTicks;
    }

    /** The CPU time of every live thread of {@code pid} ("self" for this JVM); empty where /proc is missing. */
    public static ThreadCpu snapshot(String pid) {
        Map<Long, Sample> threads = new HashMap<>();
        long process;
        try {
            process = parse(Files.readString(Path.of("/proc", pid, "stat"))).map(Sample::ticks).orElse(0L);
        } catch (IOException | RuntimeException e) {
            process = 0;
        }
        Path tasks = Path.of("/proc", pid, "task");
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                try {
                    parse(Files.readString(task.resolve("stat"))).ifPresent(s -> threads.put(
                            Long.parseLong(task.getFileName().toString()), s));
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while listing
                }
            }
        } catch (IOException e) {
            return new ThreadCpu(Map.of(), 0);
        }
        return new ThreadCpu(threads, process);
    }

    private static java.util.Optional<Sample> parse(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return java.util.Optional.empty();
        }
        String name = stat.substring(open + 1, close);
        String[] f = stat.substring(close + 2).trim().split("\\s+");
        // after "pid (comm) ": state is field 3 (f[0]); utime field 14 (f[11]), stime field 15 (f[12])
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return java.util.Optional.of(new Sample(group(name), ticks));
    }

    /** The thread group of a thread name: trailing digits, dashes, dots and spaces removed. */
    static String group(String name) {
        String g = name.replaceAll("[-_ .#0-9]+$", "");
        return g.isEmpty() ? name : g;
    }

    /**
     * CPU seconds per thread group spent between {@code before} and this snapshot (threads born since count from
     * zero; threads that ended since under {@value #ENDED}), largest first.
     */
    public Map<String, Double> secondsSince(ThreadCpu before) {
        Map<String, Long> ticks = new HashMap<>();
        long listed = 0;
        for (Map.Entry<Long, Sample> e : byThread.entrySet()) {
            Sample now = e.getValue();
            Sample then = before.byThread.get(e.getKey());
            long delta = now.ticks - (then == null ? 0 : then.ticks);
            if (delta > 0) {
                ticks.merge(now.group, delta, Long::sum);
                listed += delta;
            }
        }
        long ended = processTicks - before.processTicks - listed;
        if (ended > 0) {
            ticks.put(ENDED, ended);
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        ticks.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> seconds.put(e.getKey(), e.getValue() / (double) TICKS_PER_SECOND));
        return seconds;
    }

    /**
     * One line per thread group with at least {@code minShare} of the total: milliseconds of CPU per image and the
     * share, then the total.
     */
    public static String perImage(Map<String, Double> seconds, long images, double minShare) {
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder out = new StringBuilder();
        double rest = 0;
        for (Map.Entry<String, Double> e : seconds.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList()) {
            if (total > 0 && e.getValue() / total < minShare) {
                rest += e.getValue();
                continue;
            }
            out.append(String.format("    %-32s %6.3f ms/image (%4.1f%%)%n", e.getKey(), 1000 * e.getValue() / images,
                    total > 0 ? 100 * e.getValue() / total : 0));
        }
        if (rest > 0) {
            out.append(String.format("    %-32s %6.3f ms/image (%4.1f%%)%n", "(other threads)", 1000 * rest / images,
                    100 * rest / total));
        }
        out.append(String.format("    %-32s %6.3f ms/image%n", "total", 1000 * total / images));
        return out.toString();
    }
}
