package dev.udpm.storage;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Retries object-store calls that failed with {@link StorageUnavailableException} (see {@link StoreRetryConfig}):
 * exponential backoff from {@code initialBackoff}, doubling up to {@code maxBackoff}, each wait drawn uniformly
 * from its upper half (jitter, so the workers of a fleet do not retry in step), for at most {@code maxDuration}
 * from the first failure. Any other exception, including {@link NoSuchObjectException}, passes through at once.
 * Blocks the calling thread while it waits; thread-safe and stateless between calls.
 *
 * @param maxDuration longest time one call keeps retrying; zero = no retry
 * @param initialBackoff first wait (> 0)
 * @param maxBackoff longest wait (>= initialBackoff)
 */
public record StoreRetry(Duration maxDuration, Duration initialBackoff, Duration maxBackoff) {

    private static final Logger LOG = System.getLogger(StoreRetry.class.getName());
    /** Log a still-failing call at most this often. */
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** The defaults of {@link StoreRetryConfig}: up to 90 s, 0.2 s doubling to 2 s. */
    public static final StoreRetry DEFAULT = new StoreRetry(Duration.ofSeconds(90), Duration.ofMillis(200),
            Duration.ofSeconds(2));

    /** No retry: the first failure is final. */
    public static final StoreRetry NONE = new StoreRetry(Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(1));

    public StoreRetry {
        if (maxDuration.isNegative() || initialBackoff.isNegative() || initialBackoff.isZero()
                || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("udpm.storage.retry: max-duration (" + maxDuration + ") must be >= 0,"
                    + " initial-backoff (" + initialBackoff + ") > 0 and max-backoff (" + maxBackoff
                    + ") >= initial-backoff");
        }
    }

    /**
     * Runs {@code call}, retrying it while it fails with {@link StorageUnavailableException}.
     *
     * @param what the operation, for the log (e.g. {@code put jobs/j1/000003.png})
     * @throws StorageUnavailableException the last failure once {@link #maxDuration()} has passed (its message says
     *     for how long and how many attempts were made)
     */
    public <T> T call(String what, Supplier<T> call) {
        return call(what, call, System::nanoTime, StoreRetry::sleep);
    }

    /** Runs {@code call} (no result) like {@link #call(String, Supplier)}. */
    public void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    /** Waits {@code nanos}; interrupted -> the interrupt flag is set again and the retry ends. */
    interface Sleeper {
        boolean sleep(long nanos);
    }

    <T> T call(String what, Supplier<T> call, LongSupplier nanoTime, Sleeper sleeper) {
        long first = 0;
        long lastLog = 0;
        int attempt = 0;
        while (true) {
            try {
                T result = call.get();
                if (attempt > 0) {
                    LOG.log(Level.INFO, "Object store: {0} succeeded after {1} retries ({2} ms)",
                            new Object[] {what, attempt, TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - first)});
                }
                return result;
            } catch (StorageUnavailableException failure) {
                long now = nanoTime.getAsLong();
                if (attempt == 0) {
                    first = now;
                }
                long waited = now - first;
                long backoff = backoffNanos(attempt);
                if (waited + backoff > maxDuration.toNanos()) {
                    throw new StorageUnavailableException("object store unavailable for "
                            + TimeUnit.NANOSECONDS.toSeconds(waited) + " s (" + (attempt + 1) + " attempts, "
                            + "udpm.storage.retry.max-duration = " + maxDuration + "): " + failure.getMessage(),
                            failure);
                }
                if (attempt == 0 || now - lastLog >= LOG_EVERY_NANOS) {
                    lastLog = now;
                    LOG.log(Level.WARNING, "Object store: {0} failed ({1}); retrying for up to {2}",
                            new Object[] {what, failure.getMessage(), maxDuration});
                }
                attempt++;
                if (!sleeper.sleep(backoff)) {
                    throw failure;
                }
            }
        }
    }

    /** The wait before retry {@code attempt + 1}: in [cap/2, cap], cap = min(max, initial * 2^attempt). */
    long backoffNanos(int attempt) {
        long cap = initialBackoff.toNanos() << Math.min(attempt, 30);
        if (cap <= 0 || cap > maxBackoff.toNanos()) {
            cap = maxBackoff.toNanos();
        }
        return cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
    }

    private static boolean sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
