package dev.udpm.worker.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.smallrye.mutiny.Multi;
import org.junit.jupiter.api.Test;

/**
 * The intake's start: the record stream (for the Kafka channel: the consumer's group join) is subscribed only once
 * the start-up model selection ran, and records are handed over one at a time. In-memory stream: the group join
 * itself is the Kafka connector's subscription, shown end to end by the fault suite's kill scenarios.
 */
class IntakeStartTest {

    @Test
    void theStreamIsSubscribedOnlyOnceTheGateCompletes() {
        AtomicBoolean subscribed = new AtomicBoolean();
        Multi<String> records = Multi.createFrom().items("a", "b").onSubscription().invoke(() -> subscribed.set(true));
        CompletableFuture<Void> selection = new CompletableFuture<>();
        List<String> handled = new CopyOnWriteArrayList<>();

        CompletionStage<?> started = IntakeStart.consumeAfter(selection, records, r -> {
            handled.add(r);
            return CompletableFuture.completedFuture(null);
        });

        assertFalse(subscribed.get(), "subscribed (joined the group) before the model selection ran");
        assertFalse(started.toCompletableFuture().isDone());
        selection.complete(null);
        assertTrue(subscribed.get());
        assertTrue(started.toCompletableFuture().isDone());
        assertEquals(List.of("a", "b"), handled);
    }

    @Test
    void aFailedGateStillStartsTheIntake() {
        AtomicBoolean subscribed = new AtomicBoolean();
        Multi<String> records = Multi.createFrom().<String>empty().onSubscription().invoke(() -> subscribed.set(true));

        IntakeStart.consumeAfter(CompletableFuture.failedFuture(new IllegalStateException("no model")), records,
                r -> CompletableFuture.completedFuture(null));

        assertTrue(subscribed.get());
    }

    @Test
    void theNextRecordWaitsForThePreviousStageAndAFailedStageDoesNotStopTheStream() {
        List<String> handled = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> first = new CompletableFuture<>();

        IntakeStart.consumeAfter(CompletableFuture.completedFuture(null), Multi.createFrom().items("a", "b", "c"),
                r -> {
                    handled.add(r);
                    return switch (r) {
                        case "a" -> first;
                        case "b" -> CompletableFuture.failedFuture(new IllegalStateException("boom"));
                        default -> CompletableFuture.completedFuture(null);
                    };
                });

        assertEquals(List.of("a"), handled, "b was handed over before a's stage completed");
        first.complete(null);
        assertEquals(List.of("a", "b", "c"), handled);
    }

    @Test
    void aHandlerThatThrowsDoesNotStopTheStream() {
        List<String> handled = new CopyOnWriteArrayList<>();

        IntakeStart.consumeAfter(CompletableFuture.completedFuture(null), Multi.createFrom().items("a", "b"), r -> {
            handled.add(r);
            if (r.equals("a")) {
                throw new IllegalStateException("boom");
            }
            return CompletableFuture.completedFuture(null);
        });

        assertEquals(List.of("a", "b"), handled);
    }
}
