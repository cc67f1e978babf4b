package dev.udpm.bench;

import java.util.Arrays;
import java.util.Collection;

/** Nearest-rank quantiles of a set of samples (e.g. job latencies in ms). */
public final class Percentiles {

    private final double[] sorted;

    private Percentiles(double[] sorted) {
        this.sorted = sorted;
    }

    /** The samples' quantiles; {@code values} is copied. */
    public static Percentiles of(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    public static Percentiles of(Collection<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Number of samples. */
    public int count() {
        return sorted.length;
    }

    /** The {@code q}-quantile (nearest rank: the smallest sample with at least q of the samples at or below it). */
    public double quantile(double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("q = " + q + " must be in [0, 1]");
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public double p50() {
        return quantile(0.5);
    }

    public double p99() {
        return quantile(0.99);
    }

    public double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }
}
