package dev.udpm.worker.jobs;

import java.util.Optional;

import dev.udpm.schemas.event.FailureCode;
import dev.udpm.worker.models.ModelLease;
import dev.udpm.worker.models.ModelNotAvailableException;
import dev.udpm.worker.models.ModelRegistry;
import dev.udpm.worker.output.JobClaim;
import dev.udpm.worker.output.JobObjects;
import org.jboss.logging.Logger;

/** The {@link JobClaim} check of {@link JobPipeline} when a whole job starts (moved out of the pipeline as is). */
final class ClaimCheck {

    private static final Logger LOG = Logger.getLogger(JobPipeline.class);

    private ClaimCheck() {
    }

    /**
     * Checks the claim a previous attempt may have left. Returns whether its images can be reused (same content,
     * same version, possibly after switching the lease to that version).
     */
    static boolean reusable(JobExecution e, JobObjects objects, ModelRegistry registry) throws JobRejection {
        Optional<JobClaim> found = objects.claim(e.jobId());
        if (found.isEmpty()) {
            return false;
        }
        JobClaim claim = found.get();
        if (!claim.contentSha256().equals(e.contentSha256)) {
            throw new JobRejection(FailureCode.JOB_ID_CONFLICT, "/jobId", "jobId '" + e.jobId()
                    + "' was already used by a different request that did not finish (" + JobClaim.keyOf(e.jobId())
                    + " started " + claim.started() + "); use a new jobId");
        }
        if (!claim.modelVersion().equals(e.lease.version()) && claim.modelName().equals(e.lease.name())) {
            try {
                ModelLease earlier = registry.acquire(claim.modelName(), claim.modelVersion());
                e.lease.close();
                e.lease = earlier;
            } catch (ModelNotAvailableException gone) {
                LOG.infof("Job %s: version %s of the interrupted attempt is gone (%s); recomputing on %s",
                        e.jobId(), claim.modelVersion(), gone.getMessage(), e.lease.version());
            }
        }
        return claim.modelVersion().equals(e.lease.version()) && claim.modelName().equals(e.lease.name());
    }
}
