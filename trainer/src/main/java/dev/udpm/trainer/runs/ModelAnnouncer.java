package dev.udpm.trainer.runs;

import dev.udpm.schemas.model.ModelPublished;

/** Announces an uploaded model version on {@code udpm.models} (key = model name, CloudEvents headers). */
@FunctionalInterface
public interface ModelAnnouncer {

    /**
     * Sends the event and waits for the broker's acknowledgement.
     *
     * @throws RuntimeException if it was not acknowledged
     */
    void announce(ModelPublished published);
}
