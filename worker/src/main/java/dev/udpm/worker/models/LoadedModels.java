package dev.udpm.worker.models;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;
import org.jboss.logging.Logger;

/**
 * The worker's model registry without any framework: loaded versions per model name ({@link ModelVersions}),
 * leases for batches, atomic swaps to newly published versions, on-demand loading of pinned versions, and the
 * status events and metrics of every change.
 *
 * <p>Lifecycle of a version: {@link ModelPreparer prepared} (download, verify, load, warm up) -> installed
 * (latest, or pinned-only) -> retired when more than {@code maxVersionsPerModel} are loaded (least recently
 * leased first, never the latest) -> closed after its last lease -> {@code unloaded} event. A failure at any
 * step before installing publishes {@code rejected} and changes nothing: the previous latest keeps serving.
 *
 * <p>Which version serves: unpinned jobs get the newest announced version that passed verification; if it was
 * rejected, the version that served before keeps serving, and a worker with none (started after the bad publish)
 * loads the last good version from the object store ({@link #fallBack}). Pinned jobs get exactly their version,
 * through the same verification ({@link #prepare}); one that fails it ends the job with {@code MODEL_LOAD_FAILED}.
 *
 * <p>Thread-safe. {@link #acquire} with no version never blocks; a pinned version that is not loaded is loaded
 * in the caller's thread (concurrent callers for the same version wait for one load).
 */
public final class LoadedModels implements ModelRegistry, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LoadedModels.class);

    /** What {@link #activate} did. */
    public enum Activation {
        /** Prepared and swapped in as the latest. */
        LOADED,
        /** It was already loaded (pinned by a job) and is now the latest. */
        PROMOTED,
        /** It already is the latest; nothing changed. */
        ALREADY_LATEST,
        /** A step failed; a {@code rejected} event was published and nothing changed. */
        REJECTED
    }

    private final ModelPreparer preparer;
    private final ModelEvents events;
    private final ModelMetrics metrics;
    private final int maxVersionsPerModel;
    private final Clock clock;
    private final ConcurrentMap<String, ModelVersions> byName = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<ModelHandle>> pinnedLoads = new ConcurrentHashMap<>();
    private final KnownVersions known = new KnownVersions();
    private volatile boolean shuttingDown;

    /**
     * @param maxVersionsPerModel how many versions of one model stay loaded (>= 1); with 1, a replaced latest
     *     closes as soon as its in-flight batches end and pinned versions are loaded for one batch at a time
     */
    public LoadedModels(ModelPreparer preparer, ModelEvents events, ModelMetrics metrics, int maxVersionsPerModel,
            Clock clock) {
        if (maxVersionsPerModel < 1) {
            throw new IllegalArgumentException("udpm.worker.models.max-versions-per-model = " + maxVersionsPerModel
                    + " must be >= 1");
        }
        this.preparer = Objects.requireNonNull(preparer, "preparer");
        this.events = Objects.requireNonNull(events, "events");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.maxVersionsPerModel = maxVersionsPerModel;
        this.clock = Objects.requireNonNull(clock, "clock");
        metrics.bindGauges(this::loadedCount, this::activeLeases);
    }

    @Override
    public ModelLease acquire(String name, String version) {
        return acquire(name, version, null);
    }

    /**
     * {@inheritDoc} An unpinned job goes to the model's canary when there is one and {@code jobId} falls in its
     * share ({@link dev.udpm.schemas.model.CanaryRouting}), else to the latest.
     */
    @Override
    public ModelLease acquire(String name, String version, String jobId) {
        if (name == null || name.isBlank()) {
            throw new ModelNotAvailableException("no model name given: a job must name its model (model.name)");
        }
        if (version == null) {
            return versionsOf(name).flatMap(v -> v.leaseFor(jobId)).orElseThrow(() -> {
                String unservable = known.unservable().get(name);
                return unservable != null
                        ? new ModelNotAvailableException(FailureCode.MODEL_LOAD_FAILED, "model '" + name + "' has no"
                                + " servable version on this worker: " + unservable, null)
                        : new ModelNotAvailableException("model '" + name + "' has no version loaded on this worker"
                                + " (loaded: " + describeLoaded() + "); publish one on udpm.models, or pin a version"
                                + " that exists under " + ModelManifest.prefixOf(name, "{version}"));
            });
        }
        return leasePinned(name, version);
    }

    @Override
    public List<LoadedModel> loaded() {
        List<LoadedModel> out = new ArrayList<>();
        for (ModelVersions versions : byName.values()) {
            ModelHandle latest = versions.latest().orElse(null);
            ModelVersions.CanaryShare canary = versions.canary().orElse(null);
            for (ModelHandle h : versions.handles()) {
                ModelManifest m = h.model().manifest();
                out.add(new LoadedModel(h.name(), h.version(), h == latest, h.loadedAt(), m.imageSize(),
                        m.channels(), m.numClasses(), h.source(),
                        canary != null && canary.handle() == h ? canary.percent() : null));
            }
        }
        out.sort(Comparator.comparing(LoadedModel::name).thenComparing(LoadedModel::loadedAt));
        return out;
    }

    /** The version unpinned jobs for {@code name} get now. */
    public Optional<String> latestVersion(String name) {
        return versionsOf(name).flatMap(ModelVersions::latest).map(ModelHandle::version);
    }

    /** The canary version of {@code name} that takes a share of its unpinned jobs now, if any. */
    public Optional<String> canaryVersion(String name) {
        return versionsOf(name).flatMap(ModelVersions::canary).map(c -> c.handle().version());
    }

    /** Whether {@code name/version} is loaded now. */
    public boolean isLoaded(String name, String version) {
        return versionsOf(name).map(v -> v.contains(version)).orElse(false);
    }

    /**
     * Remembers an announcement as soon as it is read (every one, also those superseded before they are loaded), so
     * any later load of that version, pinned or as a fallback, is checked against its {@code manifestSha256}.
     */
    public void announced(ModelPublished published) {
        known.announced(published.latestOnly());
        published.canaryVersion().ifPresent(c -> known.announced(c.asPublished(published.name())));
    }

    /** A model was withdrawn (tombstone on udpm.models): it no longer counts as a model without a servable version. */
    public void withdrawn(String name) {
        known.servable(name);
    }

    /**
     * Hot reload: prepares the published version and swaps it in as the latest. Blocking (seconds): call it off
     * the messaging thread. Never throws for a bad version: it is rejected with an event, the latest keeps serving,
     * and if no version of the model serves (a worker that started after the bad publish) the last good version in
     * the object store is loaded instead ({@link #fallBack}).
     */
    public Activation activate(ModelPublished announcement) {
        Activation latest = activateLatest(announcement.latestOnly());
        applyCanary(announcement);
        return latest;
    }

    /**
     * The canary part of an announcement: none drops this worker's canary (its version takes no new unpinned job;
     * jobs already on it finish on it); one is verified through {@link #prepare} like any version, loaded if
     * needed, and then takes its share. A canary that is rejected takes nothing (all unpinned jobs stay on the
     * latest).
     */
    private void applyCanary(ModelPublished announcement) {
        String name = announcement.name();
        ModelPublished.Canary canary = announcement.canary();
        if (canary == null || latestVersion(name).filter(canary.version()::equals).isPresent()) {
            versionsOf(name).flatMap(ModelVersions::clearCanary).ifPresent(dropped -> {
                LOG.infof("Model %s: canary %s dropped (%s); new unpinned jobs go to %s", name,
                        dropped.handle().version(), announcement.rollout() == null ? "publish"
                                : announcement.rollout().name().toLowerCase(Locale.ROOT),
                        latestVersion(name).orElse("none"));
            });
            return;
        }
        ModelPublished canaryAnnouncement = canary.asPublished(name);
        known.announced(canaryAnnouncement);
        Optional<ModelVersions> versions = versionsOf(name);
        if (versions.map(v -> v.contains(canary.version())).orElse(false)
                && versions.get().setCanary(canary.version(), canary.percent())) {
            events.loaded(name, canary.version(), "canary for " + canary.percent() + " % of the unpinned jobs"
                    + " (already loaded)");
            return;
        }
        Optional<PreparedModel> prepared;
        try {
            prepared = prepare(name, canary.version());
        } catch (ModelRejectedException e) {
            versions.ifPresent(ModelVersions::clearCanary);
            return;
        }
        if (prepared.isEmpty()) {
            reject(new ModelRejectedException(name, canary.version(), LoadStep.DOWNLOAD, canary.manifestKey()
                    + " does not exist in bucket '" + canary.location().bucket() + "': the canary was announced"
                    + " before (or without) its files"));
            versions.ifPresent(ModelVersions::clearCanary);
            return;
        }
        ModelHandle handle = newHandle(prepared.get());
        ModelVersions target = byName.computeIfAbsent(name, n -> new ModelVersions(n, maxVersionsPerModel));
        ModelVersions.Installed installed = target.install(handle, false, false);
        if (installed.duplicate()) {
            prepared.get().model().close();
        }
        target.setCanary(canary.version(), canary.percent());
        metrics.loadTime(name, prepared.get().loadTime());
        events.loaded(name, canary.version(), "canary for " + canary.percent() + " % of the unpinned jobs; loaded"
                + " from " + prepared.get().source() + " in " + prepared.get().loadTime().toMillis() + " ms");
        installed.retireEvicted();
    }

    private Activation activateLatest(ModelPublished published) {
        String name = published.name();
        String version = published.version();
        known.announced(published);
        Optional<ModelVersions> versions = versionsOf(name);
        if (versions.flatMap(ModelVersions::latest).map(h -> h.version().equals(version)).orElse(false)) {
            LOG.debugf("Model %s/%s is already the latest", name, version);
            return Activation.ALREADY_LATEST;
        }
        Optional<ModelVersions.Promotion> promotion = versions.flatMap(v -> v.promote(version));
        if (promotion.isPresent()) {
            ModelHandle replaced = promotion.get().replaced();
            metrics.becameLatest(name);
            known.servable(name);
            events.loaded(name, version, "already loaded for pinned jobs; now the latest"
                    + (replaced == null ? "" : ", replacing " + replaced.version()));
            return Activation.PROMOTED;
        }
        Optional<PreparedModel> prepared;
        try {
            prepared = prepare(name, version);
        } catch (ModelRejectedException e) {
            fallBackIfNothingServes(published, e.getMessage());
            return Activation.REJECTED;
        }
        if (prepared.isEmpty()) {
            ModelRejectedException missing = new ModelRejectedException(name, version, LoadStep.DOWNLOAD,
                    published.manifestKey() + " does not exist in bucket '" + published.location().bucket() + "': the"
                    + " version was announced before (or without) its files; republish it once the upload is"
                    + " complete");
            reject(missing);
            fallBackIfNothingServes(published, missing.getMessage());
            return Activation.REJECTED;
        }
        installLatest(prepared.get(), "now the latest");
        return Activation.LOADED;
    }

    /** Models known to this worker (announced, or rejected) that have no servable version, with the reason. */
    public Map<String, String> unservable() {
        return known.unservable();
    }

    /**
     * The ONE verification path of a version in the object store, whatever asks for it (hot reload, pinned job,
     * fallback): a version rejected before fails again at once with the same reason (until it is announced again);
     * otherwise it is downloaded and checked against its announcement when this worker has read one (location and
     * {@code manifestSha256}), else against {@code models/{name}/{version}/manifest.json} alone, then every file
     * against the manifest, loaded and warmed up. A fresh rejection publishes a {@code rejected} event; one that gives
     * the same result every time (verify, load, warm-up) is remembered.
     *
     * @return empty if the store has no manifest for it
     */
    private Optional<PreparedModel> prepare(String name, String version) throws ModelRejectedException {
        Optional<ModelRejectedException> earlier = known.rejection(name, version);
        if (earlier.isPresent()) {
            throw earlier.get();
        }
        Optional<ModelPublished> announcement = known.announcement(name, version);
        try {
            return preparer.fromStore(name, version, announcement.map(ModelPublished::location).orElse(null),
                    announcement.map(ModelPublished::manifestSha256).orElse(null));
        } catch (ModelRejectedException e) {
            if (e.step() != LoadStep.DOWNLOAD) {
                known.rejected(e);
            }
            reject(e);
            throw e;
        }
    }

    private void fallBackIfNothingServes(ModelPublished rejected, String why) {
        if (latestVersion(rejected.name()).isEmpty()) {
            fallBack(rejected, why);
        }
    }

    /**
     * No version of the model serves and its newest announced version was rejected: loads the last good version
     * instead, the newest one in the object store written no later than the rejected one (its manifest's write
     * time, or its announcement's {@code created} when it has no manifest) that passes {@link #prepare}. If none
     * does, the model is {@link #unservable()} (readiness says so) until a good version is announced.
     */
    private void fallBack(ModelPublished rejected, String why) {
        String name = rejected.name();
        List<ModelPreparer.StoredVersion> stored;
        try {
            stored = preparer.storedVersions(name);
        } catch (RuntimeException e) {
            known.unservable(name, "newest announced version " + rejected.version() + " was rejected (" + why
                    + ") and the object store could not be listed for an older version: " + e.getMessage());
            LOG.errorf("Model %s has no servable version: %s", name, known.unservable().get(name));
            return;
        }
        Instant bound = stored.stream().filter(v -> v.version().equals(rejected.version())).findFirst()
                .map(ModelPreparer.StoredVersion::written).orElse(rejected.created());
        List<String> tried = new ArrayList<>();
        for (ModelPreparer.StoredVersion candidate : stored) {
            if (candidate.version().equals(rejected.version()) || candidate.written().isAfter(bound)) {
                continue;
            }
            tried.add(candidate.version());
            try {
                Optional<PreparedModel> prepared = prepare(name, candidate.version());
                if (prepared.isPresent()) {
                    installLatest(prepared.get(), "now the latest as the last good version: the newest announced"
                            + " version " + rejected.version() + " was rejected");
                    return;
                }
            } catch (ModelRejectedException e) {
                LOG.debugf("Fallback candidate %s/%s rejected: %s", name, candidate.version(), e.getMessage());
            }
        }
        known.unservable(name, "newest announced version " + rejected.version() + " was rejected (" + why + ") and "
                + (tried.isEmpty() ? "the object store holds no older version under " + ModelManifest.prefixOf(name,
                        "{version}") : "no older version verifies (tried " + String.join(", ", tried) + ")")
                + "; publish a good version");
        LOG.errorf("Model %s has no servable version: %s", name, known.unservable().get(name));
    }

    /**
     * Loads an exported model directory (the bundled default model) and makes it the latest of its name.
     *
     * @return {@link Activation#LOADED} or {@link Activation#REJECTED}
     */
    public Activation activateDirectory(Path dir) {
        return activatePrepared(prepareDirectory(dir));
    }

    /**
     * The outcome of {@link #prepareDirectory}: the verified, loaded and warmed-up model, or why it was refused.
     * Nothing is installed or announced yet; exactly one of the two is set.
     */
    public record DirectoryPreparation(PreparedModel prepared, ModelRejectedException rejection) {

        /** Closes the prepared model, if any (it will not be installed). */
        public void discard() {
            if (prepared != null) {
                prepared.model().close();
            }
        }
    }

    /**
     * The first half of {@link #activateDirectory}: verifies, loads and warms up an exported model directory without
     * installing it or sending an event, so that it can run ahead of the decision whether it is needed (start-up).
     * Hand the result to {@link #activatePrepared}, or {@link DirectoryPreparation#discard() discard} it.
     */
    public DirectoryPreparation prepareDirectory(Path dir) {
        try {
            return new DirectoryPreparation(preparer.fromDirectory(dir), null);
        } catch (ModelRejectedException e) {
            return new DirectoryPreparation(null, e);
        }
    }

    /**
     * The second half of {@link #activateDirectory}: installs a prepared directory as the latest of its name, or
     * publishes its rejection.
     *
     * @return {@link Activation#LOADED} or {@link Activation#REJECTED}
     */
    public Activation activatePrepared(DirectoryPreparation preparation) {
        if (preparation.rejection() != null) {
            reject(preparation.rejection());
            return Activation.REJECTED;
        }
        installLatest(preparation.prepared(), "now the latest");
        return Activation.LOADED;
    }

    /** Retires every version (shutdown); each closes after its last lease. */
    @Override
    public void close() {
        shuttingDown = true;
        for (ModelVersions versions : byName.values()) {
            versions.removeAll().forEach(ModelHandle::retire);
        }
    }

    private void installLatest(PreparedModel prepared, String what) {
        ModelHandle handle = newHandle(prepared);
        ModelVersions versions = byName.computeIfAbsent(handle.name(), n -> new ModelVersions(n, maxVersionsPerModel));
        ModelVersions.Installed installed = versions.install(handle, true, false);
        if (installed.duplicate()) {
            prepared.model().close();
        }
        metrics.loadTime(handle.name(), prepared.loadTime());
        metrics.becameLatest(handle.name());
        known.servable(handle.name());
        events.loaded(handle.name(), handle.version(), what + "; loaded from " + prepared.source() + " in "
                + prepared.loadTime().toMillis() + " ms" + (installed.replacedLatest() == null ? ""
                        : "; replaces " + installed.replacedLatest().version() + ", which finishes its in-flight"
                                + " batches"));
        installed.retireEvicted();
    }

    private ModelLease leasePinned(String name, String version) {
        String key = name + "/" + version;
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<ModelLease> loaded = versionsOf(name).flatMap(v -> v.lease(version));
            if (loaded.isPresent()) {
                return loaded.get();
            }
            CompletableFuture<ModelHandle> mine = new CompletableFuture<>();
            CompletableFuture<ModelHandle> running = pinnedLoads.putIfAbsent(key, mine);
            if (running == null) {
                try {
                    ModelLease lease = loadPinned(name, version);
                    mine.complete(null);
                    return lease;
                } catch (RuntimeException e) {
                    mine.completeExceptionally(e);
                    throw e;
                } finally {
                    pinnedLoads.remove(key, mine);
                }
            }
            try {
                running.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof ModelNotAvailableException notAvailable) {
                    throw new ModelNotAvailableException(notAvailable.failureCode(), notAvailable.getMessage(),
                            notAvailable);
                }
                throw e;
            }
            // loaded by the other caller: lease it on the next pass (unless it was evicted meanwhile)
        }
        throw new ModelNotAvailableException("model '" + name + "' version '" + version + "' was loaded but evicted"
                + " again before this batch could lease it: raise udpm.worker.models.max-versions-per-model (now "
                + maxVersionsPerModel + ")");
    }

    private ModelLease loadPinned(String name, String version) {
        Optional<PreparedModel> prepared;
        try {
            prepared = prepare(name, version);
        } catch (ModelRejectedException e) {
            throw new ModelNotAvailableException(FailureCode.MODEL_LOAD_FAILED, "model '" + name + "' version '"
                    + version + "' exists but must not serve: " + e.getMessage(), e);
        }
        if (prepared.isEmpty()) {
            throw new ModelNotAvailableException("model '" + name + "' version '" + version + "' is not loaded on"
                    + " this worker and " + ModelManifest.keyOf(name, version) + " does not exist in the object"
                    + " store (loaded: " + describeLoaded() + ")");
        }
        ModelHandle handle = newHandle(prepared.get());
        ModelVersions versions = byName.computeIfAbsent(name, n -> new ModelVersions(n, maxVersionsPerModel));
        ModelVersions.Installed installed = versions.install(handle, false, true);
        if (installed.duplicate()) {
            prepared.get().model().close();
        } else {
            metrics.loadTime(name, prepared.get().loadTime());
            events.loaded(name, version, "pinned by a job; loaded on demand from " + prepared.get().source()
                    + " in " + prepared.get().loadTime().toMillis() + " ms");
        }
        installed.retireEvicted();
        return installed.lease();
    }

    private ModelHandle newHandle(PreparedModel prepared) {
        return new ModelHandle(prepared.model(), clock.instant(), prepared.source(),
                h -> events.unloaded(h.name(), h.version(), shuttingDown ? "worker shutting down"
                        : "replaced or evicted, and its last lease released"));
    }

    private void reject(ModelRejectedException e) {
        metrics.rejected(e.modelName(), e.step());
        events.rejected(e.modelName(), e.version(), e.getMessage(), latestVersion(e.modelName()).orElse(null));
        if (e.getCause() != null) {
            LOG.debugf(e.getCause(), "Cause of the rejection of %s/%s", e.modelName(), e.version());
        }
    }

    private Optional<ModelVersions> versionsOf(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    private String describeLoaded() {
        List<String> names = loaded().stream().map(m -> m.name() + "/" + m.version() + (m.latest() ? "*" : ""))
                .toList();
        return names.isEmpty() ? "none" : String.join(", ", names) + " (* = latest)";
    }

    private int loadedCount() {
        return byName.values().stream().mapToInt(v -> v.handles().size()).sum();
    }

    private int activeLeases() {
        return byName.values().stream().flatMap(v -> v.handles().stream()).mapToInt(ModelHandle::activeLeases).sum();
    }
}
