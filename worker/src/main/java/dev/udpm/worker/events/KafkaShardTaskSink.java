package dev.udpm.worker.events;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.job.ShardTask;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Shard records to channel {@code shard-tasks} (topic {@code udpm.jobs}, acks=all): key {@link ShardTask#recordKey()}
 * ({@code {jobId}#s{k}} for a generate-shard, the jobId for a shard-done), value the JSON of
 * {@code shard-task.schema.json}, headers the trace context given (none when not traced). The channel's own producer
 * spans are off ({@code tracing-enabled=false}): they would replace that header with one of a trace of their own.
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
    public CompletionStage<Void> publish(ShardTask task, Map<String, String> traceContext) {
        String json;
        try {
            json = Json.mapper().writerFor(ShardTask.class).writeValueAsString(task);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(task.recordKey()).withHeaders(headers(traceContext)).build();
        return AcknowledgedSend.send(emitter, json, metadata);
    }

    private static List<RecordHeader> headers(Map<String, String> traceContext) {
        return traceContext.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new RecordHeader(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8))).toList();
    }
}
