package dev.udpm.worker.jobs;

import dev.udpm.core.model.UdpmModel;
import dev.udpm.worker.models.ModelLease;

/** A job's lease used by a batch of {@link JobPipeline}; closing it leaves the job's lease open. */
record BorrowedLease(ModelLease held) implements ModelLease {

    @Override
    public UdpmModel model() {
        return held.model();
    }

    @Override
    public String name() {
        return held.name();
    }

    @Override
    public String version() {
        return held.version();
    }

    @Override
    public void close() {
    }
}
