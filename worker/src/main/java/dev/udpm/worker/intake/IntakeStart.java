package dev.udpm.worker.intake;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import dev.udpm.worker.models.ModelStartup;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Joins the job intake's consumer group ({@code udpm-workers}) only once the worker's start-up model selection has
 * run ({@link ModelStartup#selected()}), then hands the {@code jobs} channel's records to {@link JobIntake#onRecord}
 * one at a time (the next record once the previous one's stage completed, as an {@code @Incoming} method returning a
 * stage would).
 *
 * <p>Why not at once: the Kafka consumer joins the group when the channel is subscribed. A worker killed and
 * restarted at once rejoins as the same static member ({@code group.instance.id}), often before its session
 * expired, and the group gives it its partitions back; but it cannot run their work until its model is loaded, and
 * meanwhile no peer may take it (fault suite, {@code kill-owner-restart}). Joining after the selection leaves the
 * dead member's partitions to the survivor when the session expires; the restarted worker takes its share back
 * (cooperative rebalance) when it can work, and the survivor finishes what it already started.
 */
@ApplicationScoped
public class IntakeStart {

    private static final Logger LOG = Logger.getLogger(IntakeStart.class);

    @Inject
    @Channel("jobs")
    Multi<Message<byte[]>> records;

    @Inject
    JobIntake intake;

    @Inject
    ModelStartup startup;

    private volatile Cancellable subscription;

    void onStart(@Observes StartupEvent event) {
        long t0 = System.nanoTime();
        consumeAfter(startup.selected().thenRun(() -> LOG.infof("Job intake: joining the consumer group now that the"
                + " start-up model selection ran (%d ms after start)", (System.nanoTime() - t0) / 1_000_000)),
                records, intake::onRecord).thenAccept(s -> subscription = s);
    }

    @PreDestroy
    void stop() {
        Cancellable s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /**
     * Once {@code gate} completed (failed or not), subscribes to {@code records} (for a Kafka channel: subscribes
     * its consumer, which joins the group) and hands each record to {@code handler}, the next only once the previous
     * one's stage completed, failed or not. The returned stage completes with the subscription.
     */
    static <T> CompletionStage<Cancellable> consumeAfter(CompletionStage<?> gate, Multi<T> records,
            Function<T, CompletionStage<Void>> handler) {
        return gate.handle((ignored, failure) -> records.onItem()
                .transformToUniAndConcatenate(record -> Uni.createFrom().completionStage(() -> handler.apply(record))
                        .onFailure().recoverWithNull())
                .subscribe().with(item -> {
                }, streamFailure -> LOG.errorf(streamFailure, "The job intake's record stream failed")));
    }
}
