package dev.udpm.worker.jobs;

import org.jboss.logging.MDC;

/**
 * Puts {@code jobId} into the logging MDC for a block ({@code try (JobMdc ignored = JobMdc.of(id)) {...}}), so every
 * log line of a job's work carries it whatever thread runs it; the previous value is restored on close.
 */
public final class JobMdc implements AutoCloseable {

    /** MDC key. */
    public static final String KEY = "jobId";
    /** MDC key of the job's W3C trace id (the key Quarkus' OpenTelemetry extension uses for the current span). */
    public static final String TRACE_ID = "traceId";

    private final Object previous;
    private final Object previousTrace;
    private final boolean traced;

    private JobMdc(String jobId, String traceId) {
        this.previous = MDC.get(KEY);
        MDC.put(KEY, jobId);
        this.traced = traceId != null;
        this.previousTrace = traced ? MDC.get(TRACE_ID) : null;
        if (traced) {
            MDC.put(TRACE_ID, traceId);
        }
    }

    /** Sets {@code jobId} until {@link #close()}. */
    public static JobMdc of(String jobId) {
        return new JobMdc(jobId, null);
    }

    /** Sets {@code jobId} and, when not {@code null}, the job's {@code traceId} until {@link #close()}. */
    public static JobMdc of(String jobId, String traceId) {
        return new JobMdc(jobId, traceId);
    }

    /** Sets the jobId and trace id of {@code e}. */
    static JobMdc of(JobExecution e) {
        return new JobMdc(e.jobId(), e.trace.traceId());
    }

    @Override
    public void close() {
        restore(KEY, previous);
        if (traced) {
            restore(TRACE_ID, previousTrace);
        }
    }

    private static void restore(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
