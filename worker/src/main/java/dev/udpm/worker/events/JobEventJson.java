package dev.udpm.worker.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.event.JobEvent;

/** The JSON body of a job event (schema {@code job-event.schema.json}), written by the shared mapper. */
public final class JobEventJson {

    private JobEventJson() {
    }

    /** {@code event} as JSON, its {@code type} property included. */
    public static String write(JobEvent event) {
        try {
            return Json.mapper().writerFor(JobEvent.class).writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write job event " + event.eventType() + " of job "
                    + event.jobId() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
