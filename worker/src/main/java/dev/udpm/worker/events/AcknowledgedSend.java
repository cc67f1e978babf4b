package dev.udpm.worker.events;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/** Sends one record through an emitter and completes when the broker acknowledged it (or fails with the reason). */
public final class AcknowledgedSend {

    private AcknowledgedSend() {
    }

    public static <T> CompletionStage<Void> send(Emitter<T> emitter, T payload,
            OutgoingKafkaRecordMetadata<String> metadata) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        Message<T> message = Message.of(payload, Metadata.of(metadata), () -> {
            written.complete(null);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            written.completeExceptionally(failure);
            return CompletableFuture.completedFuture(null);
        });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            written.completeExceptionally(e);
        }
        return written;
    }
}
