package dev.udpm.cli;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The progress lines of a long download ({@code udpm fetch} of a bulk job): a line after every {@code every} objects,
 * at least every {@code intervalNanos} while objects keep arriving, and for the last one, e.g.
 * {@code 37/100 tar shards, 112.4 of 300.2 MB (37%), 25.1 MB/s, about 8 s left, 0 sha256 mismatches so far}. The
 * percentage and the time left are by bytes when the total size is known (tar shards: the manifest lists each size),
 * else by objects. Thread-safe: downloads in flight report their ends concurrently.
 */
final class DownloadProgress {

    private final int total;
    private final long totalBytes;
    private final String unit;
    private final int every;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long start;
    private long lastLine;

    /**
     * @param total         objects to download
     * @param totalBytes    their size, or {@code -1} when unknown
     * @param unit          what an object is, plural ({@code images}, {@code tar shards})
     * @param every         a line after every this many objects
     * @param intervalNanos and at least this often
     * @param clock         nanoseconds ({@code System::nanoTime})
     */
    DownloadProgress(int total, long totalBytes, String unit, int every, long intervalNanos, LongSupplier clock) {
        this.total = total;
        this.totalBytes = totalBytes;
        this.unit = unit;
        this.every = every;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.lastLine = start;
    }

    /** The line to print now that {@code done} objects ({@code bytes} bytes) are in, if one is due. */
    synchronized Optional<String> update(int done, long bytes, int mismatches) {
        long now = clock.getAsLong();
        if (done % every != 0 && done != total && now - lastLine < intervalNanos) {
            return Optional.empty();
        }
        lastLine = now;
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double fraction = totalBytes > 0 ? (double) bytes / totalBytes : total > 0 ? (double) done / total : 1;
        fraction = Math.min(1, fraction);
        StringBuilder line = new StringBuilder(String.format("  %d/%d %s, ", done, total, unit));
        line.append(totalBytes > 0 ? String.format("%.1f of %.1f MB", bytes / 1e6, totalBytes / 1e6)
                : String.format("%.1f MB", bytes / 1e6));
        line.append(String.format(" (%d%%), %.1f MB/s", (int) Math.floor(fraction * 100), bytes / 1e6 / seconds));
        if (done < total && fraction > 0) {
            line.append(String.format(", about %d s left", Math.round(seconds * (1 - fraction) / fraction)));
        }
        line.append(String.format(", %d sha256 mismatch%s so far", mismatches, mismatches == 1 ? "" : "es"));
        return Optional.of(line.toString());
    }
}
