package dev.udpm.worker.models;

import dev.udpm.schemas.CloudEventHeaders;
import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.model.ModelStatus;
import dev.udpm.worker.config.WorkerIdentity;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** Writes {@link ModelStatus} events to {@code udpm.model-status} (channel {@code model-status}, key = model name). */
@ApplicationScoped
public class KafkaModelStatusSink implements ModelStatusSink {

    private static final Logger LOG = Logger.getLogger(KafkaModelStatusSink.class);

    @Inject
    @Channel("model-status")
    Emitter<String> emitter;

    @Inject
    WorkerIdentity identity;

    @Override
    public void publish(ModelStatus status) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(status.modelName())
                .withHeaders(CloudEventHeaders.of(CloudEvents.TYPE_MODEL_STATUS, identity.cloudEventSource(),
                        status.time()))
                .build();
        try {
            emitter.send(Message.of(Json.write(status)).addMetadata(metadata));
        } catch (RuntimeException e) {
            LOG.errorf("Could not send model status %s for %s/%s: %s", status.status(), status.modelName(),
                    status.version(), e.toString());
        }
    }
}
