package dev.udpm.worker.jobs;

/** How a job ended; its terminal event has been written when the pipeline reports it. */
public enum JobOutcome {
    /** Computed and stored; {@code completed} written. */
    COMPLETED,
    /** Its manifest already existed (a duplicate or redelivery): {@code completed} written again, nothing computed. */
    REPLAYED,
    /** {@code failed} written. */
    FAILED,
    /** {@code cancelled} written; no manifest. */
    CANCELLED;

    /** Lower-case name, the {@code outcome} tag of the job metrics. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
