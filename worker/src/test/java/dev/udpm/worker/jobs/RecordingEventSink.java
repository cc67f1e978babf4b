package dev.udpm.worker.jobs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.udpm.schemas.MessageKind;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ValidationResult;
import dev.udpm.worker.events.JobEventJson;
import dev.udpm.worker.events.JobEventSink;

/** Keeps every published event, after checking its JSON body against job-event.schema.json. */
final class RecordingEventSink implements JobEventSink {

    private final List<JobEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Void> publish(JobEvent event) {
        ValidationResult result = ContractValidator.shared().validate(MessageKind.JOB_EVENT, JobEventJson.write(event));
        assertTrue(result.valid(), "published event breaks its schema: " + result.describe());
        events.add(event);
        return CompletableFuture.completedFuture(null);
    }

    /** Events of {@code jobId} in publication order. */
    List<JobEvent> of(String jobId) {
        return events.stream().filter(e -> e.jobId().equals(jobId)).toList();
    }

    /** Event types of {@code jobId} in order, e.g. [accepted, progress, completed]. */
    List<String> typesOf(String jobId) {
        return of(jobId).stream().map(JobEvent::eventType).toList();
    }

    /** The events of {@code jobId} of class {@code type}. */
    <T extends JobEvent> List<T> of(String jobId, Class<T> type) {
        return of(jobId).stream().filter(type::isInstance).map(type::cast).toList();
    }
}
