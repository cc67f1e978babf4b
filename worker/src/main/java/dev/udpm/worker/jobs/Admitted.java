package dev.udpm.worker.jobs;

import dev.udpm.worker.batching.ModelKey;
import dev.udpm.worker.models.ModelLease;

/**
 * What an admitted execution runs with ({@link ExecutionKind#admit}): the lease on the ONE model version all its
 * images come from, its plan, and whether an interrupted attempt's images may be reused.
 *
 * @param resume whether images already stored for it are found and not recomputed
 */
record Admitted(ModelLease lease, JobPlan plan, boolean resume) {

    /** The model version the lease holds. */
    ModelKey model() {
        return new ModelKey(lease.name(), lease.version());
    }
}
