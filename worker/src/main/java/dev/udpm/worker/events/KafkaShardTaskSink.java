package dev.udpm.worker.events;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.job.ShardTask;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Shard records to channel {@code shard-tasks} (topic {@code udpm.jobs}, acks=all): key {@link ShardTask#recordKey()}
 * ({@code {jobId}#s{k}} for a generate-shard, the jobId for a shard-done), value the JSON of
 * {@code shard-task.schema.json}.
 */
@ApplicationScoped
public class KafkaShardTaskSink implements ShardTaskSink {

    private final Emitter<String> emitter;

    @Inject
    public KafkaShardTaskSink(@Channel("shard-tasks") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            Emitter<String> emitter) {
        this.emitter = emitter;
    }

    @Override
    public CompletionStage<Void> publish(ShardTask task) {
        String json;
        try {
            json = Json.mapper().writerFor(ShardTask.class).writeValueAsString(task);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(task.recordKey()).build();
        return AcknowledgedSend.send(emitter, json, metadata);
    }
}
