package dev.udpm.worker.jobs;

/** How a job ended; its terminal event has been written when the pipeline reports it (none when handed over). */
public enum JobOutcome {
    /** Computed and stored; {@code completed} written. */
    COMPLETED,
    /** Its manifest already existed (a duplicate or redelivery): {@code completed} written again, nothing computed. */
    REPLAYED,
    /** {@code failed} written. */
    FAILED,
    /** {@code cancelled} written; no manifest. */
    CANCELLED,
    /**
     * Stopped within a batch WITHOUT a terminal event: its record's partition moved to another worker (a rebalance),
     * which reads the record again and resumes the job from the images stored here. Its record is not acknowledged.
     */
    HANDED_OVER;

    /** Lower-case name, the {@code outcome} tag of the job metrics. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
