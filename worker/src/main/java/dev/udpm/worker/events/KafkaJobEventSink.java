package dev.udpm.worker.events;

import java.util.concurrent.CompletionStage;

import dev.udpm.schemas.CloudEventHeaders;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.worker.config.WorkerIdentity;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Job events to channel {@code job-events} (topic {@code udpm.job-events}) in the CloudEvents Kafka binding,
 * binary mode: key = jobId, the context attributes as {@code ce_*} headers ({@link CloudEventHeaders}: ce_id,
 * ce_source = {@link WorkerIdentity#cloudEventSource()}, ce_type = {@link JobEvent#cloudEventType()},
 * ce_specversion, ce_time = the event's time) plus {@code content-type: application/json}, and the JSON body
 * ({@link JobEventJson}) as the value. The returned stage completes when the broker acknowledged the record, so
 * a job's offset is committed only after its terminal event is written.
 */
@ApplicationScoped
public class KafkaJobEventSink implements JobEventSink {

    private final Emitter<String> emitter;
    private final String source;

    @Inject
    public KafkaJobEventSink(@Channel("job-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            Emitter<String> emitter, WorkerIdentity identity) {
        this.emitter = emitter;
        this.source = identity.cloudEventSource();
    }

    @Override
    public CompletionStage<Void> publish(JobEvent event) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.jobId())
                .withHeaders(CloudEventHeaders.of(event.cloudEventType(), source, event.time()))
                .build();
        return AcknowledgedSend.send(emitter, JobEventJson.write(event), metadata);
    }
}
