package dev.udpm.trainer.service;

import java.time.Duration;
import java.time.Instant;

import dev.udpm.schemas.CloudEventHeaders;
import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.trainer.config.TrainerConfig;
import dev.udpm.trainer.runs.ModelAnnouncer;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes {@link ModelPublished} events to {@code udpm.models} (channel {@code model-published}): key = model name,
 * CloudEvents headers of type {@value CloudEvents#TYPE_MODEL_PUBLISHED}, and waits for the broker's acknowledgement.
 */
@ApplicationScoped
public class KafkaModelAnnouncer implements ModelAnnouncer {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    @Channel("model-published")
    MutinyEmitter<String> emitter;

    @Inject
    TrainerConfig config;

    @Override
    public void announce(ModelPublished published) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(published.name())
                .withHeaders(CloudEventHeaders.of(CloudEvents.TYPE_MODEL_PUBLISHED, config.cloudEventSource(),
                        Instant.now()))
                .build();
        emitter.sendMessage(Message.of(Json.write(published)).addMetadata(metadata)).await().atMost(ACK_TIMEOUT);
    }
}
