package dev.udpm.worker.events;

import java.util.concurrent.CompletionStage;

import dev.udpm.schemas.event.JobEvent;

/** Where job events go: topic {@code udpm.job-events}, keyed by jobId. */
public interface JobEventSink {

    /**
     * Publishes {@code event}.
     *
     * @return completes when the event is written (acknowledged by the broker), exceptionally if it could not be
     */
    CompletionStage<Void> publish(JobEvent event);
}
