package dev.udpm.worker.models;

import dev.udpm.schemas.model.ModelStatus;

/** Where {@link ModelStatus} events go (topic {@code udpm.model-status} in the service, a list in tests). */
@FunctionalInterface
public interface ModelStatusSink {

    /** Publishes one event; must not throw (log instead) and must not block for long. */
    void publish(ModelStatus status);
}
