package dev.udpm.worker.models;

import dev.udpm.core.model.UdpmModel;

/** A lease on one loaded model version; close it (once) when the batch that uses it is done. */
public interface ModelLease extends AutoCloseable {

    /** The model; valid until {@link #close()}. */
    UdpmModel model();

    /** Model name. */
    String name();

    /** Model version this lease holds. */
    String version();

    /** Releases the lease; the version is closed when it was retired and this was its last lease. */
    @Override
    void close();
}
