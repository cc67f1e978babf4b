package dev.udpm.worker.api;

import java.time.Instant;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.worker.config.CloudEventHeaders;
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
