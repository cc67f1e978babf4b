package dev.udpm.worker.api;

import java.time.Instant;

import dev.udpm.schemas.CloudEventHeaders;
import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.job.CancelJob;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.worker.config.WorkerIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes a validated job request to {@code udpm.jobs} (channel {@code job-submissions}): key = jobId, value = the
 * request JSON as received, CloudEvents headers with type {@value CloudEvents#TYPE_JOB_REQUEST}.
 */
@ApplicationScoped
public class JobSubmitter {

    @Inject
    @Channel("job-submissions")
    MutinyEmitter<String> emitter;

    @Inject
    WorkerIdentity identity;

    /**
     * Writes a {@link CancelJob} for {@code jobId} (type {@code cancel}, same key, so the same partition as the job:
     * the worker holding the job reads it after the job and stops it within one batch).
     *
     * @return completes when the broker has acknowledged the record
     */
    public Uni<Void> cancel(String jobId) {
        CancelJob cancel = CancelJob.of(jobId, Instant.now());
        String json;
        try {
            json = Json.mapper().writerFor(JobRequest.class).writeValueAsString(cancel);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("cannot write the cancel of job " + jobId
                    + " as JSON: " + e.getOriginalMessage(), e));
        }
        return submit(cancel, json);
    }

    /** Completes when the broker has acknowledged the record. */
    public Uni<Void> submit(JobRequest job, String json) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(job.jobId())
                .withHeaders(CloudEventHeaders.of(CloudEvents.TYPE_JOB_REQUEST, identity.cloudEventSource() + "/api",
                        Instant.now()))
                .build();
        return emitter.sendMessage(Message.of(json).addMetadata(metadata));
    }
}
