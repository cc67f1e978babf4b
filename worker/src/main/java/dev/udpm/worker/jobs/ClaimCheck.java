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
     * What the check found: the lease to run on (the one passed, or one on the interrupted attempt's version) and
     * whether the images of that attempt can be reused.
     */
    record Outcome(ModelLease lease, boolean reusable) {
    }

    /**
     * Checks the claim a previous attempt of {@code e} may have left, {@code lease} being the lease just taken. If
     * the claim names another version of the same model that is still loadable, {@code lease} is closed and a lease
     * on that version returned. The images can be reused when the content and the version are the same.
     *
     * @throws JobRejection when the claim is of a different request with the same jobId ({@code lease} stays open)
     */
    static Outcome check(JobExecution e, ModelLease lease, JobObjects objects, ModelRegistry registry)
            throws JobRejection {
        Optional<JobClaim> found = objects.claim(e.jobId());
        if (found.isEmpty()) {
            return new Outcome(lease, false);
        }
        JobClaim claim = found.get();
        if (!claim.contentSha256().equals(e.contentSha256)) {
            throw new JobRejection(FailureCode.JOB_ID_CONFLICT, "/jobId", "jobId '" + e.jobId()
                    + "' was already used by a different request that did not finish (" + JobClaim.keyOf(e.jobId())
                    + " started " + claim.started() + "); use a new jobId");
        }
        ModelLease held = lease;
        if (!claim.modelVersion().equals(held.version()) && claim.modelName().equals(held.name())) {
            try {
                ModelLease earlier = registry.acquire(claim.modelName(), claim.modelVersion());
                held.close();
                held = earlier;
            } catch (ModelNotAvailableException gone) {
                LOG.infof("Job %s: version %s of the interrupted attempt is gone (%s); recomputing on %s",
                        e.jobId(), claim.modelVersion(), gone.getMessage(), held.version());
            }
        }
        return new Outcome(held, claim.modelVersion().equals(held.version()) && claim.modelName().equals(held.name()));
    }
}
