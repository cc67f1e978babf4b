package dev.udpm.worker.models;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.udpm.schemas.model.CanaryRouting;

/**
 * The loaded versions of ONE model name: the latest in an {@link AtomicReference} (leased without a lock), every
 * loaded version in a map for pinned jobs, at most {@code maxVersions} of them. Installing beyond the limit
 * retires the least recently used version that is neither the latest nor the canary; it closes when its last lease ends.
 *
 * <p>A canary ({@link #setCanary}) is a loaded version that takes a share of the unpinned jobs, chosen by
 * {@link CanaryRouting} from the jobId ({@link #leaseFor}); like the latest it is never evicted.
 *
 * <p>Invariant: a handle is in the map exactly while it is not retired.
 */
final class ModelVersions {

    private final String name;
    private final int maxVersions;
    private final AtomicReference<ModelHandle> latest = new AtomicReference<>();
    private final AtomicReference<CanaryShare> canary = new AtomicReference<>();
    /** Access-ordered: iteration starts at the least recently leased version. Guarded by {@code this}. */
    private final Map<String, ModelHandle> loaded = new LinkedHashMap<>(8, 0.75f, true);

    ModelVersions(String name, int maxVersions) {
        if (maxVersions < 1) {
            throw new IllegalArgumentException("maxVersions = " + maxVersions + " must be >= 1");
        }
        this.name = name;
        this.maxVersions = maxVersions;
    }

    /** A lease on the latest version, or empty if none is loaded. */
    Optional<ModelLease> leaseLatest() {
        while (true) {
            ModelHandle current = latest.get();
            if (current == null) {
                return Optional.empty();
            }
            Optional<ModelLease> lease = current.tryLease();
            if (lease.isPresent()) {
                return lease;
            }
            // Lost a race with a swap that retired and closed it: the reference now holds its successor.
            Thread.onSpinWait();
        }
    }

    /**
     * A lease for an unpinned job: on the canary when there is one and {@code jobId} falls in its share, else (or
     * when the canary was just retired) on the latest.
     */
    Optional<ModelLease> leaseFor(String jobId) {
        CanaryShare share = canary.get();
        if (share != null && jobId != null && CanaryRouting.toCanary(jobId, share.percent())) {
            Optional<ModelLease> lease = share.handle().tryLease();
            if (lease.isPresent()) {
                return lease;
            }
        }
        return leaseLatest();
    }

    /**
     * Makes the loaded {@code version} the canary, taking {@code percent} % of the unpinned jobs.
     *
     * @return false if {@code version} is not loaded (nothing changed)
     */
    synchronized boolean setCanary(String version, int percent) {
        ModelHandle handle = loaded.get(version);
        if (handle == null) {
            return false;
        }
        canary.set(new CanaryShare(handle, percent));
        return true;
    }

    /** Drops the canary (its version stays loaded for pinned jobs until evicted); the dropped one, if any. */
    synchronized Optional<CanaryShare> clearCanary() {
        return Optional.ofNullable(canary.getAndSet(null));
    }

    /** The canary and its share, if any. */
    Optional<CanaryShare> canary() {
        return Optional.ofNullable(canary.get());
    }

    /** A canary version and its share of the unpinned jobs. */
    record CanaryShare(ModelHandle handle, int percent) {
    }

    /** A lease on {@code version} if it is loaded. */
    synchronized Optional<ModelLease> lease(String version) {
        ModelHandle handle = loaded.get(version);
        return handle == null ? Optional.empty() : handle.tryLease();
    }

    /** Whether {@code version} is loaded. */
    synchronized boolean contains(String version) {
        return loaded.containsKey(version);
    }

    /** The latest version's handle, if any. */
    Optional<ModelHandle> latest() {
        return Optional.ofNullable(latest.get());
    }

    /** Snapshot of the loaded handles. */
    synchronized List<ModelHandle> handles() {
        return List.copyOf(loaded.values());
    }

    /**
     * Adds a freshly loaded version.
     *
     * @param makeLatest whether unpinned jobs go to it from now on (atomic swap)
     * @param leaseForCaller whether to hand the caller a lease taken before any eviction (a pinned load)
     * @return what happened; the caller must {@link Installed#retireEvicted()} outside any lock. If the version
     *     was already loaded, the existing handle is kept (promoted if asked) and {@code duplicate} is true: the
     *     caller closes the handle it brought.
     */
    synchronized Installed install(ModelHandle handle, boolean makeLatest, boolean leaseForCaller) {
        if (!handle.name().equals(name)) {
            throw new IllegalArgumentException("handle " + handle + " installed under model " + name);
        }
        ModelHandle existing = loaded.get(handle.version());
        ModelHandle kept = existing != null ? existing : handle;
        if (existing == null) {
            loaded.put(handle.version(), handle);
        }
        ModelHandle previous = makeLatest ? latest.getAndSet(kept) : null;
        ModelLease lease = leaseForCaller ? kept.lease() : null;
        return new Installed(kept, existing != null, previous == kept ? null : previous, lease, evictBeyondLimit());
    }

    /**
     * Makes an already loaded version the latest.
     *
     * @return empty if {@code version} is not loaded; else the version it replaced (null if none, or itself)
     */
    synchronized Optional<Promotion> promote(String version) {
        ModelHandle handle = loaded.get(version);
        if (handle == null) {
            return Optional.empty();
        }
        ModelHandle previous = latest.getAndSet(handle);
        return Optional.of(new Promotion(previous == handle ? null : previous));
    }

    /** @param replaced the previous latest, or null */
    record Promotion(ModelHandle replaced) {
    }

    /** Removes every version (shutdown); the caller retires them. */
    synchronized List<ModelHandle> removeAll() {
        latest.set(null);
        canary.set(null);
        List<ModelHandle> all = new ArrayList<>(loaded.values());
        loaded.clear();
        return all;
    }

    private List<ModelHandle> evictBeyondLimit() {
        List<ModelHandle> evicted = new ArrayList<>();
        ModelHandle current = latest.get();
        CanaryShare share = canary.get();
        ModelHandle canaryHandle = share == null ? null : share.handle();
        Iterator<ModelHandle> eldestFirst = loaded.values().iterator();
        while (loaded.size() > maxVersions && eldestFirst.hasNext()) {
            ModelHandle candidate = eldestFirst.next();
            if (candidate != current && candidate != canaryHandle) {
                eldestFirst.remove();
                evicted.add(candidate);
            }
        }
        return evicted;
    }

    /**
     * Outcome of {@link #install}.
     *
     * @param handle the handle now serving the version
     * @param duplicate the version was already loaded (the caller's new handle was not installed)
     * @param replacedLatest the previous latest, if this install swapped it
     * @param lease the caller's lease, if asked for
     * @param evicted versions removed beyond the limit, to retire
     */
    record Installed(ModelHandle handle, boolean duplicate, ModelHandle replacedLatest, ModelLease lease,
            List<ModelHandle> evicted) {

        /** Retires the evicted versions (each closes after its last lease). */
        void retireEvicted() {
            evicted.forEach(ModelHandle::retire);
        }
    }
}
