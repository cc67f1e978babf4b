package dev.udpm.worker.testmodels;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.udpm.core.model.UdpmModel;
import dev.udpm.worker.models.LoadedModel;
import dev.udpm.worker.models.ModelLease;
import dev.udpm.worker.models.ModelNotAvailableException;
import dev.udpm.worker.models.ModelRegistry;

/**
 * A plain (non-CDI) {@link ModelRegistry} for the pipeline tests that run without Quarkus: serves the two
 * {@link TinyModelFiles} models ({@value TinyModelFiles#CONDITIONAL}/{@value TinyModelFiles#CONDITIONAL_VERSION}
 * and {@value TinyModelFiles#UNCONDITIONAL}/{@value TinyModelFiles#UNCONDITIONAL_VERSION}), loaded on first use,
 * closed by {@link #close()}. The Quarkus end-to-end tests use the worker's real registry instead.
 *
 * <p>Test hooks: counts leases (open and total) and can slow every {@link #acquire} by a delay, which slows every
 * chain call (one lease per batch).
 */
public class TinyModelRegistry implements ModelRegistry {

    private final Map<String, UdpmModel> models = new LinkedHashMap<>();
    private final Map<String, Instant> loadedAt = new LinkedHashMap<>();
    private final AtomicInteger openLeases = new AtomicInteger();
    private final AtomicLong acquisitions = new AtomicLong();
    private volatile Duration acquireDelay = Duration.ZERO;

    @Override
    public ModelLease acquire(String name, String version) {
        UdpmModel model = model(name);
        String loadedVersion = model.manifest().version();
        if (version != null && !version.equals(loadedVersion)) {
            throw new ModelNotAvailableException("model " + name + " has no version '" + version + "' here (loaded: "
                    + loadedVersion + ")");
        }
        sleep(acquireDelay);
        acquisitions.incrementAndGet();
        openLeases.incrementAndGet();
        return new Lease(model);
    }

    @Override
    public synchronized List<LoadedModel> loaded() {
        ensureLoaded();
        List<LoadedModel> out = new ArrayList<>();
        models.forEach((name, model) -> out.add(new LoadedModel(name, model.manifest().version(), true,
                loadedAt.get(name), model.manifest().imageSize(), model.manifest().channels(),
                model.manifest().numClasses(), "test:" + TinyModelFiles.dir(name))));
        return out;
    }

    /** Leases not yet closed. */
    public int openLeases() {
        return openLeases.get();
    }

    /** Leases handed out so far. */
    public long acquisitions() {
        return acquisitions.get();
    }

    /** Makes every later {@link #acquire} (so every batch) take at least {@code delay}; ZERO to stop. */
    public void setAcquireDelay(Duration delay) {
        this.acquireDelay = delay;
    }

    /** Closes the loaded models. */
    public synchronized void close() {
        models.values().forEach(UdpmModel::close);
        models.clear();
    }

    private synchronized UdpmModel model(String name) {
        ensureLoaded();
        UdpmModel model = models.get(name);
        if (model == null) {
            throw new ModelNotAvailableException("no model named '" + name + "' is loaded (loaded: "
                    + models.keySet() + ")");
        }
        return model;
    }

    private void ensureLoaded() {
        if (models.isEmpty()) {
            for (String name : List.of(TinyModelFiles.CONDITIONAL, TinyModelFiles.UNCONDITIONAL)) {
                models.put(name, TinyModelFiles.load(name));
                loadedAt.put(name, Instant.now());
            }
        }
    }

    private static void sleep(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Lease implements ModelLease {
        private final UdpmModel model;
        private boolean closed;

        Lease(UdpmModel model) {
            this.model = model;
        }

        @Override
        public UdpmModel model() {
            return model;
        }

        @Override
        public String name() {
            return model.manifest().name();
        }

        @Override
        public String version() {
            return model.manifest().version();
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                openLeases.decrementAndGet();
            }
        }
    }
}
