package dev.udpm.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Side-by-side timing on a noisy machine: every task runs {@code warmup} times untimed, then once per round for
 * {@code rounds} rounds, the tasks of a round in rotated order (round r starts with task r mod n), so slow spells
 * of the machine hit every task alike. Ratios are the median over rounds of the per-round ratio.
 */
public final class Rounds {

    /** Something to time; one call = one sample. */
    @FunctionalInterface
    public interface Task {
        void run();
    }

    private final Map<String, double[]> millis = new LinkedHashMap<>();

    private Rounds() {
    }

    /** Runs the tasks (name -> task, in order) as described above. */
    public static Rounds run(Map<String, Task> tasks, int warmup, int rounds) {
        return run(tasks, warmup, rounds, System::nanoTime);
    }

    /** The same, timed by {@code nanoClock} (a test's clock). */
    static Rounds run(Map<String, Task> tasks, int warmup, int rounds, java.util.function.LongSupplier nanoClock) {
        if (rounds < 1 || warmup < 0) {
            throw new IllegalArgumentException("rounds = " + rounds + " must be >= 1 and warmup = " + warmup
                    + " >= 0");
        }
        List<String> names = List.copyOf(tasks.keySet());
        Rounds result = new Rounds();
        names.forEach(n -> result.millis.put(n, new double[rounds]));
        for (String name : names) {
            for (int i = 0; i < warmup; i++) {
                tasks.get(name).run();
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((r + k) % names.size());
                long start = nanoClock.getAsLong();
                tasks.get(name).run();
                result.millis.get(name)[r] = (nanoClock.getAsLong() - start) / 1e6;
            }
        }
        return result;
    }

    /** Median time of {@code task} in ms. */
    public double medianMs(String task) {
        return median(times(task).clone());
    }

    /** Median over rounds of {@code time(numerator) / time(denominator)}. */
    public double ratio(String numerator, String denominator) {
        double[] a = times(numerator);
        double[] b = times(denominator);
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return median(r);
    }

    /** Number of timed rounds. */
    public int rounds() {
        return millis.values().iterator().next().length;
    }

    private double[] times(String task) {
        double[] t = millis.get(task);
        if (t == null) {
            throw new IllegalArgumentException("no task named '" + task + "' was timed; timed: " + millis.keySet());
        }
        return t;
    }

    /** The median (mean of the middle two for an even count); sorts {@code values}. */
    static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
