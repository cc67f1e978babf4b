package dev.udpm.worker.status;

import java.time.Instant;
import java.util.Optional;

import dev.udpm.schemas.status.JobPhase;
import dev.udpm.schemas.status.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Yes/no questions on the fleet-wide job state ({@link JobStatusQuery}) for the bulk-job machinery: is a job
 * cancelled, is it completed. While the store is not queryable (starting, rebuilding) the answer is "no": a shard
 * then runs one more batch, and a completion relies on the object store and this worker's memory.
 */
@ApplicationScoped
public class FleetJobStatus {

    @Inject
    Instance<JobStatusQuery> query;

    /** Whether {@code jobId}'s state is {@link JobPhase#CANCELLED}. */
    public boolean cancelled(String jobId) {
        return phase(jobId).map(phase -> phase == JobPhase.CANCELLED).orElse(false);
    }

    /** Whether {@code jobId}'s state is {@link JobPhase#COMPLETED}. */
    public boolean completed(String jobId) {
        return phase(jobId).map(phase -> phase == JobPhase.COMPLETED).orElse(false);
    }

    /**
     * When {@code jobId} last failed, if its state is {@link JobPhase#FAILED} (the time of that {@code failed}), so a
     * shard of the same attempt does not announce the job's failure again.
     */
    public Optional<Instant> failedAt(String jobId) {
        return state(jobId).filter(state -> state.status() == JobPhase.FAILED).map(JobState::updatedAt);
    }

    /**
     * When {@code jobId} ended, if its state is terminal (completed, failed or cancelled: the time of that event),
     * so a redelivered record of the job written before it is not answered again.
     */
    public Optional<Instant> endedAt(String jobId) {
        return state(jobId).filter(state -> state.status().terminal()).map(JobState::updatedAt);
    }

    private Optional<JobState> state(String jobId) {
        try {
            return query.get().find(jobId);
        } catch (JobStatusUnavailableException | IllegalStateException notYet) {
            return Optional.empty();
        }
    }

    private Optional<JobPhase> phase(String jobId) {
        try {
            return query.get().find(jobId).map(JobState::status);
        } catch (JobStatusUnavailableException | IllegalStateException notYet) {
            return Optional.empty();
        }
    }
}
