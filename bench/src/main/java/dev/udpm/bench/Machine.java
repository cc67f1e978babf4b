package dev.udpm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.tensorflow.TensorFlow;

/** What the figures were measured on: cores, CPU model, RAM, JDK, TensorFlow build, oneDNN, load. */
public final class Machine {

    private Machine() {
    }

    /** One line per fact, for the report header. */
    public static List<String> describe() {
        String onednn = System.getenv("TF_ENABLE_ONEDNN_OPTS");
        return List.of(
                "cores (nproc): " + Runtime.getRuntime().availableProcessors(),
                "CPU: " + firstValue("/proc/cpuinfo", "model name"),
                "RAM: " + firstValue("/proc/meminfo", "MemTotal"),
                "JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                "TensorFlow: " + TensorFlow.version() + " (TF Java 1.1.0, tensorflow-core-native linux-x86_64 CPU build)",
                "oneDNN: " + (onednn == null ? "on (TF_ENABLE_ONEDNN_OPTS unset: TensorFlow's x86 default)"
                        : "TF_ENABLE_ONEDNN_OPTS=" + onednn),
                "load average at start (1/5/15 min): " + loadAverage());
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** Resident set size of process {@code pid} ("self" for this JVM) in MiB, from /proc/{pid}/status VmRSS. */
    public static double rssMiB(String pid) {
        String kb = firstValue("/proc/" + pid + "/status", "VmRSS");
        if (!kb.endsWith("kB")) {
            throw new IllegalStateException("cannot read VmRSS of process " + pid + ": got '" + kb + "'");
        }
        return Long.parseLong(kb.replace("kB", "").trim()) / 1024.0;
    }

    private static String firstValue(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return "unknown (no '" + key + "' in " + file + ")";
        } catch (IOException e) {
            return "unknown (" + file + ": " + e.getMessage() + ")";
        }
    }
}
