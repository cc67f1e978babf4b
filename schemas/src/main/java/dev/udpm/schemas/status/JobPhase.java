package dev.udpm.schemas.status;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a job is, as told by its events on {@code udpm.job-events}; the wire value is the lower-case name. */
public enum JobPhase {
    /** A worker took the job ({@code accepted}); no image finished yet. */
    @JsonProperty("accepted") ACCEPTED,
    /** Images are being made ({@code progress}: done of total). */
    @JsonProperty("running") RUNNING,
    /** Every object and the manifest are stored ({@code completed}). */
    @JsonProperty("completed") COMPLETED,
    /** The job ended without a result ({@code failed}). */
    @JsonProperty("failed") FAILED,
    /** The job was cancelled before it completed ({@code cancelled}). */
    @JsonProperty("cancelled") CANCELLED;

    /** Whether the job has ended in this phase (it may still be resubmitted, see {@link JobStateFold}). */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
