package dev.udpm.worker.api;

import java.util.ArrayDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.udpm.worker.status.JobEventJournal;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The live streams of job events of this instance: each one replays the job's events after the client's last one
 * from the {@link JobEventJournal}, then follows it (the journal fans out what the job-status store reads, so no
 * stream opens a Kafka consumer), sends a heartbeat comment when idle, and ends after the event that ends the job,
 * after {@link EventStreamConfig#maxDuration()}, or when the client falls {@link EventStreamConfig#buffer()} items
 * behind. At most {@link EventStreamConfig#maxStreams()} are open at once.
 */
@ApplicationScoped
public class JobEventStreams {

    /** One item of a stream: an event ({@code id}, {@code event}, {@code data}) or a comment. */
    public record Item(String id, String event, String data, String comment, long retryMillis) {

        static Item of(JobEventJournal.Entry entry) {
            return new Item(Long.toString(entry.offset()), entry.type(), entry.json(), null, -1);
        }

        static Item comment(String text) {
            return new Item(null, null, null, text, -1);
        }

        /** Whether this is a job event (not a comment). */
        public boolean isEvent() {
            return data != null;
        }
    }

    private final JobEventJournal journal;
    private final EventStreamConfig config;
    private final ScheduledExecutorService timer;
    private final AtomicInteger open = new AtomicInteger();

    @Inject
    public JobEventStreams(JobEventJournal journal, EventStreamConfig config) {
        this(journal, config, Infrastructure.getDefaultWorkerPool());
    }

    /** @param timer runs the heartbeats and the lifetime limit */
    public JobEventStreams(JobEventJournal journal, EventStreamConfig config, ScheduledExecutorService timer) {
        this.journal = journal;
        this.config = config;
        this.timer = timer;
    }

    /** Streams open now on this instance. */
    public int open() {
        return open.get();
    }

    /**
     * Reserves a stream slot and returns the stream of {@code jobId}'s events after offset {@code after} ({@code -1}:
     * all of the latest attempt); the slot is given back when the stream terminates.
     *
     * @return null if {@link EventStreamConfig#maxStreams()} streams are open
     */
    public Multi<Item> stream(String jobId, long after) {
        if (open.incrementAndGet() > config.maxStreams()) {
            open.decrementAndGet();
            return null;
        }
        AtomicBoolean slotHeld = new AtomicBoolean(true);
        return Multi.createFrom().<Item>emitter(emitter -> new Stream(jobId, emitter, slotHeld).start(after),
                        BackPressureStrategy.BUFFER)
                .onTermination().invoke(() -> release(slotHeld));
    }

    private void release(AtomicBoolean slotHeld) {
        if (slotHeld.compareAndSet(true, false)) {
            open.decrementAndGet();
        }
    }

    /**
     * One client's stream. Items wait in its own queue and go to the emitter only as the client asks for them, so
     * the emitter never buffers and a client more than {@link EventStreamConfig#buffer()} items behind is failed at
     * once (a failure queued behind undelivered items would never reach a client that does not read).
     */
    private final class Stream {

        private final String jobId;
        private final MultiEmitter<? super Item> emitter;
        private final AtomicBoolean slotHeld;
        private final ArrayDeque<Item> queue = new ArrayDeque<>();
        private volatile JobEventJournal.Subscription subscription;
        private ScheduledFuture<?> heartbeat;
        private ScheduledFuture<?> lifetime;
        private long lastSent = System.nanoTime();
        /** No more items are taken (ending, ended, or failed). */
        private boolean done;
        /** Complete the emitter once the queue is empty. */
        private boolean completing;
        private boolean draining;
        private boolean drainAgain;

        Stream(String jobId, MultiEmitter<? super Item> emitter, AtomicBoolean slotHeld) {
            this.jobId = jobId;
            this.emitter = emitter;
            this.slotHeld = slotHeld;
        }

        void start(long after) {
            emitter.onTermination(this::cleanUp);
            emitter.onRequest(n -> drain());
            send(new Item(null, null, null, "events of job " + jobId + "; id = offset in udpm.job-events, resume"
                    + " with Last-Event-ID", config.retry().toMillis()));
            JobEventJournal.Subscription sub = journal.subscribe(jobId, after, this::onEntry);
            subscription = sub;
            boolean ended;
            synchronized (this) {
                ended = done;
            }
            if (ended) {
                sub.cancel();
                return;
            }
            if (sub.endedBefore()) {
                finish("the job had ended at or before the last event you saw (Last-Event-ID)");
                return;
            }
            long beat = Math.max(1, config.heartbeat().toMillis());
            synchronized (this) {
                if (done) {
                    return;
                }
                heartbeat = timer.scheduleAtFixedRate(this::beat, beat, beat, TimeUnit.MILLISECONDS);
                lifetime = timer.schedule(() -> finish("this stream reached its maximum duration of "
                        + config.maxDuration() + "; reconnect with Last-Event-ID"),
                        config.maxDuration().toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void onEntry(JobEventJournal.Entry entry) {
            send(Item.of(entry));
            if (entry.endsJob()) {
                finish(null);
            }
        }

        /** A heartbeat unless something was sent within the last half period (so gaps stay under 1.5 periods). */
        private void beat() {
            boolean idle;
            synchronized (this) {
                idle = System.nanoTime() - lastSent >= config.heartbeat().toNanos() / 2;
            }
            if (idle) {
                send(Item.comment("heartbeat"));
            }
        }

        private synchronized void send(Item item) {
            if (done) {
                return;
            }
            if (queue.size() >= config.buffer()) {
                done = true;
                queue.clear();
                emitter.fail(new BackPressureFailure("the client of job " + jobId + "'s events is more than "
                        + config.buffer() + " items behind (udpm.worker.event-streams.buffer); it reconnects with"
                        + " Last-Event-ID"));
                return;
            }
            lastSent = System.nanoTime();
            queue.add(item);
            drain();
        }

        /** Sends {@code why} as a comment (if not null), then completes the stream once the client has it all. */
        private synchronized void finish(String why) {
            if (done) {
                return;
            }
            if (why != null) {
                queue.add(Item.comment(why));
            }
            done = true;
            completing = true;
            drain();
        }

        /** Hands queued items to the emitter as far as the client asks (re-entrant calls loop in the outer one). */
        private synchronized void drain() {
            if (draining) {
                drainAgain = true;
                return;
            }
            draining = true;
            try {
                do {
                    drainAgain = false;
                    while (!queue.isEmpty() && emitter.requested() > 0 && !emitter.isCancelled()) {
                        emitter.emit(queue.poll());
                    }
                } while (drainAgain);
                if (completing && queue.isEmpty()) {
                    completing = false;
                    emitter.complete();
                }
            } finally {
                draining = false;
            }
        }

        private void cleanUp() {
            synchronized (this) {
                done = true;
                completing = false;
                queue.clear();
                if (heartbeat != null) {
                    heartbeat.cancel(false);
                }
                if (lifetime != null) {
                    lifetime.cancel(false);
                }
            }
            cancelSubscription();
            release(slotHeld);
        }

        private void cancelSubscription() {
            JobEventJournal.Subscription sub = subscription;
            if (sub != null) {
                sub.cancel();
            }
        }
    }
}
