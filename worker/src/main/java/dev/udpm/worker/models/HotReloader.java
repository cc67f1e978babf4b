package dev.udpm.worker.models;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.udpm.schemas.model.ModelPublished;
import org.jboss.logging.Logger;

/**
 * Runs model loads on one background thread, so the messaging thread that receives a model-published event
 * returns at once. Announcements are coalesced per model name: if several versions of a model arrive before or
 * while a load runs, only the newest one is loaded next. Until {@link #start()} (called once start-up has read the
 * compacted topic to its end) announcements are only remembered.
 */
public final class HotReloader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HotReloader.class);

    private final LoadedModels models;
    private final ExecutorService executor;
    private final ConcurrentMap<String, ModelPublished> pending = new ConcurrentHashMap<>();
    /** System.nanoTime() when the running task started, or 0 when idle. */
    private final AtomicLong busySince = new AtomicLong();
    /** Guarded by {@code this}. */
    private boolean started;

    public HotReloader(LoadedModels models) {
        this.models = Objects.requireNonNull(models, "models");
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "udpm-model-loader");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Queues a hot reload to {@code published} (returns at once). Before {@link #start()} it is only remembered, so
     * replaying the topic at start-up loads just the newest version of each model.
     */
    public synchronized void announce(ModelPublished published) {
        models.announced(published);
        ModelPublished replaced = pending.put(published.name(), published);
        if (replaced != null) {
            LOG.infof("Model %s/%s superseded by %s before it was loaded", replaced.name(), replaced.version(),
                    published.version());
        }
        if (started) {
            loadPending(published.name());
        }
    }

    /** A model was withdrawn (tombstone): a pending load of it is dropped; a loaded version keeps serving. */
    public synchronized void withdraw(String name) {
        ModelPublished dropped = pending.remove(name);
        if (dropped != null) {
            LOG.infof("Model %s/%s withdrawn before it was loaded", dropped.name(), dropped.version());
        }
        models.withdrawn(name);
    }

    /** Starts loading: every remembered announcement now, later ones as they arrive. Idempotent. */
    public synchronized void start() {
        if (!started) {
            started = true;
            List.copyOf(pending.keySet()).forEach(this::loadPending);
        }
    }

    private void loadPending(String name) {
        submit(() -> {
            ModelPublished next = pending.remove(name);
            if (next != null) {
                models.activate(next);
            }
        });
    }

    /** Runs {@code task} on the loader thread after everything queued before it. */
    public CompletableFuture<Void> submit(Runnable task) {
        return CompletableFuture.runAsync(() -> {
            busySince.set(Math.max(1, System.nanoTime()));
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Model loader task failed", e);
                throw e;
            } finally {
                busySince.set(0);
            }
        }, executor);
    }

    /** How long the running load has been running, or empty when the loader is idle. */
    public Optional<Duration> busyFor() {
        long since = busySince.get();
        return since == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - since));
    }

    /** Completes when every task queued so far has run. */
    public CompletableFuture<Void> idle() {
        return submit(() -> { });
    }

    /** Stops the loader thread, letting a running load finish (up to 30 s). */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
