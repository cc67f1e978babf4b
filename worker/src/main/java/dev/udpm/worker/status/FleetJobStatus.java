package dev.udpm.worker.status;

import java.util.Optional;

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

    private Optional<JobPhase> phase(String jobId) {
        try {
            return query.get().find(jobId).map(JobState::status);
        } catch (JobStatusUnavailableException | IllegalStateException notYet) {
            return Optional.empty();
        }
    }
}
