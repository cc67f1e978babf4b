package dev.udpm.worker.models;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.udpm.core.model.UdpmModel;
import org.jboss.logging.Logger;

/**
 * One loaded model version with a reference count (docs/tensorflow.md#hot-reload): the registry holds one
 * reference while the version is loaded, and every lease holds one more. {@link #retire()} drops the registry's
 * reference; whoever drops the count to zero closes the {@link UdpmModel}, so a retired version is closed exactly
 * once, right after its last lease is released, and never while a batch still uses it.
 *
 * <p>Lock-free: {@link #tryAcquire()} only succeeds while the count is positive, so a closed model can never be
 * leased again.
 */
public final class ModelHandle {

    private static final Logger LOG = Logger.getLogger(ModelHandle.class);

    private final UdpmModel model;
    private final String name;
    private final String version;
    private final Instant loadedAt;
    private final String source;
    private final Consumer<ModelHandle> onClosed;
    /** Registry reference (1 until retired) + active leases; 0 = closed. */
    private final AtomicInteger refs = new AtomicInteger(1);
    private final AtomicBoolean retired = new AtomicBoolean();

    /**
     * @param model the loaded, warmed-up model; this handle becomes its only owner
     * @param loadedAt when loading and warm-up finished
     * @param source {@code bundled} or the object-store prefix it came from
     * @param onClosed called once, after the model is closed (status event, metrics)
     */
    public ModelHandle(UdpmModel model, Instant loadedAt, String source, Consumer<ModelHandle> onClosed) {
        this.model = Objects.requireNonNull(model, "model");
        this.name = model.manifest().name();
        this.version = model.manifest().version();
        this.loadedAt = Objects.requireNonNull(loadedAt, "loadedAt");
        this.source = Objects.requireNonNull(source, "source");
        this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
    }

    public UdpmModel model() {
        return model;
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public String source() {
        return source;
    }

    /**
     * Takes one reference for a lease.
     *
     * @return false if the version is already closed (retired and its last lease released)
     */
    boolean tryAcquire() {
        while (true) {
            int current = refs.get();
            if (current == 0) {
                return false;
            }
            if (refs.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Drops one reference; the last one closes the model. */
    void release() {
        int left = refs.decrementAndGet();
        if (left < 0) {
            refs.incrementAndGet();
            throw new IllegalStateException("model " + name + "/" + version + " released more often than acquired");
        }
        if (left == 0) {
            close();
        }
    }

    /** Drops the registry's reference (once): the version closes now if unleased, else when its last lease ends. */
    void retire() {
        if (retired.compareAndSet(false, true)) {
            release();
        }
    }

    /** Whether {@link #retire()} was called. */
    public boolean retired() {
        return retired.get();
    }

    /** Whether the model is closed (retired and no lease left). */
    public boolean closed() {
        return refs.get() == 0;
    }

    /** Leases open now. */
    public int activeLeases() {
        int count = refs.get();
        return retired.get() ? count : Math.max(0, count - 1);
    }

    /** A lease on this handle, or empty if it is already closed. */
    Optional<ModelLease> tryLease() {
        return tryAcquire() ? Optional.of(new Lease(this)) : Optional.empty();
    }

    /**
     * A lease on this handle.
     *
     * @throws IllegalStateException if it is already closed
     */
    ModelLease lease() {
        return tryLease().orElseThrow(
                () -> new IllegalStateException("model " + name + "/" + version + " is already closed"));
    }

    private void close() {
        try {
            model.close();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Closing model %s/%s failed", name, version);
        }
        try {
            onClosed.accept(this);
        } catch (RuntimeException e) {
            LOG.errorf(e, "After closing model %s/%s: the close listener failed", name, version);
        }
    }

    @Override
    public String toString() {
        return name + "/" + version + " (refs " + refs.get() + (retired.get() ? ", retired" : "") + ")";
    }

    /** A lease that releases its reference once, however often it is closed. */
    private static final class Lease implements ModelLease {
        private final ModelHandle handle;
        private final AtomicBoolean released = new AtomicBoolean();

        Lease(ModelHandle handle) {
            this.handle = handle;
        }

        @Override
        public UdpmModel model() {
            if (released.get()) {
                throw new IllegalStateException("lease on " + handle.name + "/" + handle.version + " already closed");
            }
            return handle.model;
        }

        @Override
        public String name() {
            return handle.name;
        }

        @Override
        public String version() {
            return handle.version;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                handle.release();
            }
        }

        @Override
        public String toString() {
            return "lease on " + handle;
        }
    }
}
