package dev.udpm.worker.jobs;

import org.jboss.logging.MDC;

/**
 * Puts {@code jobId} into the logging MDC for a block ({@code try (JobMdc ignored = JobMdc.of(id)) {...}}), so every
 * log line of a job's work carries it whatever thread runs it; the previous value is restored on close.
 */
public final class JobMdc implements AutoCloseable {

    /** MDC key. */
    public static final String KEY = "jobId";

    private final Object previous;

    private JobMdc(String jobId) {
        this.previous = MDC.get(KEY);
        MDC.put(KEY, jobId);
    }

    /** Sets {@code jobId} until {@link #close()}. */
    public static JobMdc of(String jobId) {
        return new JobMdc(jobId);
    }

    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(KEY);
        } else {
            MDC.put(KEY, previous);
        }
    }
}
