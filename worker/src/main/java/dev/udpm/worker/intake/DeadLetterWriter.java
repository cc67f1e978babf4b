package dev.udpm.worker.intake;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.udpm.storage.ObjectStore;
import dev.udpm.worker.events.AcknowledgedSend;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Writes a {@link DeadLetter} to channel {@code dead-letters} (topic {@code udpm.jobs.dlq}, acks=all): first the
 * key or value it could not carry to the object store (on a thread of its own, never the connector's), then the
 * record. The returned stage completes when the broker acknowledged the dead letter, exceptionally if a step failed.
 */
@ApplicationScoped
public class DeadLetterWriter {

    private final Emitter<byte[]> emitter;
    private final ObjectStore store;
    private final ExecutorService keeping = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "udpm-dead-letter-objects");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public DeadLetterWriter(@Channel("dead-letters") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
            Emitter<byte[]> emitter, ObjectStore store) {
        this.emitter = emitter;
        this.store = store;
    }

    @PreDestroy
    void stop() {
        keeping.shutdownNow();
    }

    /** Writes {@code letter}: its kept parts, then the record. */
    public CompletionStage<Void> write(DeadLetter letter) {
        CompletionStage<Void> kept = letter.keptKey() == null && letter.keptValue() == null
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> keep(letter), keeping);
        return kept.thenCompose(ignored -> {
            OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(letter.key()).withHeaders(letter.headers()).build();
            return AcknowledgedSend.send(emitter, letter.value() == null ? new byte[0] : letter.value(), metadata);
        });
    }

    private void keep(DeadLetter letter) {
        if (letter.keptKey() != null) {
            store.put(letter.keyObject(), letter.keptKey(), "application/octet-stream");
        }
        if (letter.keptValue() != null) {
            store.put(letter.valueObject(), letter.keptValue(), "application/octet-stream");
        }
    }
}
