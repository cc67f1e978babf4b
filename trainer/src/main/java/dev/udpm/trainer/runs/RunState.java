package dev.udpm.trainer.runs;

/**
 * The life of a run:
 * <pre>
 *   RUNNING --stop call--> STOPPING --checkpointed--> STOPPED --resume call--> RUNNING
 *   RUNNING --steps reached, exported and announced--> COMPLETED
 *   RUNNING --error (diverged, storage, dataset)--> FAILED (with a reason)
 * </pre>
 * A trainer shutdown checkpoints a RUNNING run and leaves it RUNNING in the object store, so the next start (of any
 * instance sharing the bucket) picks it up; a run found STOPPING at start-up was stopped by its user and becomes
 * STOPPED.
 */
public enum RunState {
    RUNNING, STOPPING, STOPPED, COMPLETED, FAILED;

    /** Whether the run will not train again without a call (STOPPED can be resumed; COMPLETED and FAILED not). */
    public boolean ended() {
        return this == STOPPED || this == COMPLETED || this == FAILED;
    }
}
