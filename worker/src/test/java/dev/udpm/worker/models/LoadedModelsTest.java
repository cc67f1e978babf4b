package dev.udpm.worker.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.ModelLoader;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.schemas.model.ModelStatus;
import dev.udpm.worker.models.LoadedModels.Activation;
import dev.udpm.worker.models.TinyExports.DiskPreparer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry logic without Quarkus: swaps, leases across swaps, rejections, pinning, the version limit. */
class LoadedModelsTest {

    private static final String M = "m";

    static Path v1;
    static Path v2;
    static Path v3;
    /** What each version generates for {@link TinyExports#fingerprint}. */
    static float[] print1;
    static float[] print2;
    static float[] print3;

    @BeforeAll
    static void export() throws Exception {
        v1 = TinyExports.shared(M, "v1", 11);
        v2 = TinyExports.shared(M, "v2", 12);
        v3 = TinyExports.shared(M, "v3", 13);
        print1 = fingerprintOf(v1);
        print2 = fingerprintOf(v2);
        print3 = fingerprintOf(v3);
        assertFalse(java.util.Arrays.equals(print1, print2), "versions must differ for these tests to mean anything");
    }

    private static float[] fingerprintOf(Path dir) throws Exception {
        try (UdpmModel model = ModelLoader.load(dir, DeviceOptions.cpu(1, 1))) {
            return TinyExports.fingerprint(model);
        }
    }

    private final List<ModelStatus> events = Collections.synchronizedList(new ArrayList<>());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DiskPreparer preparer = new DiskPreparer();
    private LoadedModels models;

    private LoadedModels registry(int maxVersions) {
        preparer.dirs.put("v1", v1);
        preparer.dirs.put("v2", v2);
        preparer.dirs.put("v3", v3);
        models = TinyExports.loadedModels(preparer, events, meters, maxVersions);
        return models;
    }

    @AfterEach
    void close() {
        if (models != null) {
            models.close();
        }
    }

    @Test
    void inFlightLeaseFinishesOnTheOldVersionWhichClosesWhenReleased() {
        LoadedModels models = registry(1);
        assertEquals(Activation.LOADED, models.activate(TinyExports.published(M, "v1")));
        ModelLease inFlight = models.acquire(M, null);
        assertEquals("v1", inFlight.version());

        assertEquals(Activation.LOADED, models.activate(TinyExports.published(M, "v2")));
        assertEquals(Optional.of("v2"), models.latestVersion(M));
        assertArrayEquals(print1, TinyExports.fingerprint(inFlight.model()),
                "the in-flight batch keeps generating with v1 after the swap");
        assertFalse(TinyExports.describe(events).contains("unloaded m/v1"), "v1 is leased: not unloaded yet");

        inFlight.close();
        assertTrue(TinyExports.describe(events).contains("unloaded m/v1"), "the last lease closes the retired v1");
        try (ModelLease next = models.acquire(M, null)) {
            assertEquals("v2", next.version());
            assertArrayEquals(print2, TinyExports.fingerprint(next.model()), "the latest lease runs v2's weights");
        }
        assertEquals(List.of("loaded m/v1", "loaded m/v2", "unloaded m/v1"), TinyExports.describe(events));
        assertEquals(2.0, meters.get(ModelMetrics.RELOADS).tag("model", M).counter().count());
        assertEquals(1.0, meters.get(ModelMetrics.LOADED).gauge().value());
        assertEquals(2L, meters.get(ModelMetrics.LOAD_TIME).tag("model", M).timer().count());
    }

    @Test
    void rejectedVersionChangesNothingAndIsReportedWithItsReason() {
        LoadedModels models = registry(2);
        models.activate(TinyExports.published(M, "v1"));
        preparer.reject.put("v2", "variables/variables.index: SHA-256 mismatch");

        assertEquals(Activation.REJECTED, models.activate(TinyExports.published(M, "v2")));
        assertEquals(Optional.of("v1"), models.latestVersion(M), "the old version keeps serving");
        ModelStatus rejected = events.get(events.size() - 1);
        assertEquals(ModelStatus.Status.REJECTED, rejected.status());
        assertEquals("v2", rejected.version());
        assertEquals("worker-1", rejected.workerId());
        assertEquals("verify failed: variables/variables.index: SHA-256 mismatch", rejected.reason());
        assertEquals(1.0, meters.get(ModelMetrics.REJECTS).tag("model", M).tag("step", "verify").counter().count());
        try (ModelLease lease = models.acquire(M, null)) {
            assertEquals("v1", lease.version());
        }
    }

    @Test
    void withNothingServingARejectedVersionFallsBackToTheNewestStoredVersionWrittenBeforeIt() {
        LoadedModels models = registry(2);
        java.time.Instant t = java.time.Instant.parse("2025-01-01T00:00:00Z");
        preparer.stored.addAll(List.of(new ModelPreparer.StoredVersion("v3", t.plusSeconds(60)),
                new ModelPreparer.StoredVersion("v2", t), new ModelPreparer.StoredVersion("v1", t.minusSeconds(60))));
        preparer.reject.put("v2", "manifest.json: SHA-256 is x but the model-published event announced y");

        assertEquals(Activation.REJECTED, models.activate(TinyExports.published(M, "v2")));

        assertEquals(Optional.of("v1"), models.latestVersion(M), "the last good version written before v2 serves");
        assertFalse(models.isLoaded(M, "v3"), "a version written after the rejected one is not a fallback");
        assertEquals(List.of("rejected m/v2", "loaded m/v1"), TinyExports.describe(events));
        assertTrue(events.get(1).reason().startsWith("now the latest as the last good version: the newest announced"
                + " version v2 was rejected"), events.get(1).reason());
        assertTrue(models.unservable().isEmpty(), models.unservable().toString());
        try (ModelLease lease = models.acquire(M, null)) {
            assertArrayEquals(print1, TinyExports.fingerprint(lease.model()));
        }
    }

    @Test
    void whenNoStoredVersionVerifiesTheModelIsUnservableAndUnpinnedJobsGetModelLoadFailed() {
        LoadedModels models = registry(2);
        java.time.Instant t = java.time.Instant.parse("2025-01-01T00:00:00Z");
        preparer.stored.addAll(List.of(new ModelPreparer.StoredVersion("v2", t),
                new ModelPreparer.StoredVersion("v1", t.minusSeconds(60))));
        preparer.reject.put("v2", "bad v2");
        preparer.reject.put("v1", "bad v1");

        assertEquals(Activation.REJECTED, models.activate(TinyExports.published(M, "v2")));

        assertEquals(List.of("rejected m/v2", "rejected m/v1"), TinyExports.describe(events));
        String why = models.unservable().get(M);
        assertTrue(why != null && why.startsWith("newest announced version v2 was rejected (verify failed: bad v2)"
                + " and no older version verifies (tried v1)"), String.valueOf(why));
        ModelNotAvailableException e = assertThrows(ModelNotAvailableException.class, () -> models.acquire(M, null));
        assertEquals(dev.udpm.schemas.event.FailureCode.MODEL_LOAD_FAILED, e.failureCode(), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());

        preparer.reject.remove("v2");
        assertEquals(Activation.LOADED, models.activate(TinyExports.published(M, "v2")), "a republish is verified again");
        assertTrue(models.unservable().isEmpty(), "a version serves again: " + models.unservable());
    }

    @Test
    void everyLoadOfAVersionIsCheckedAgainstItsAnnouncementAndARejectedOneIsNeverServedToAPinnedJob() {
        LoadedModels models = registry(3);
        models.activate(TinyExports.published(M, "v1"));
        preparer.reject.put("v2", "manifest.json: SHA-256 mismatch");
        models.announced(TinyExports.published(M, "v3")); // read, superseded before it was loaded

        assertEquals(Activation.REJECTED, models.activate(TinyExports.published(M, "v2")));
        ModelNotAvailableException pinned = assertThrows(ModelNotAvailableException.class,
                () -> models.acquire(M, "v2"));
        assertEquals(dev.udpm.schemas.event.FailureCode.MODEL_LOAD_FAILED, pinned.failureCode());
        assertTrue(pinned.getMessage().contains("verify failed: manifest.json: SHA-256 mismatch"), pinned.getMessage());
        assertEquals(1, TinyExports.describe(events).stream().filter(d -> d.equals("rejected m/v2")).count(),
                "the remembered rejection is not checked and reported again: " + TinyExports.describe(events));
        assertFalse(models.isLoaded(M, "v2"));

        try (ModelLease lease = models.acquire(M, "v3")) {
            assertEquals("v3", lease.version());
        }
        assertEquals("ab".repeat(32), preparer.expectedSha.get("v3"),
                "a pinned load is checked against the announcement this worker read");
        ModelNotAvailableException missing = assertThrows(ModelNotAvailableException.class,
                () -> models.acquire(M, "v9"));
        assertEquals(dev.udpm.schemas.event.FailureCode.MODEL_NOT_FOUND, missing.failureCode());
        assertEquals("", preparer.expectedSha.get("v9"), "never announced: the stored manifest is the reference");
    }

    @Test
    void announcedVersionWithoutFilesIsRejectedAsADownloadFailure() {
        LoadedModels models = registry(2);
        preparer.dirs.remove("v3");
        assertEquals(Activation.REJECTED, models.activate(TinyExports.published(M, "v3")));
        ModelStatus rejected = events.get(0);
        assertEquals(ModelStatus.Status.REJECTED, rejected.status());
        assertTrue(rejected.reason().startsWith("download failed: models/m/v3/manifest.json does not exist"),
                rejected.reason());
        assertTrue(models.loaded().isEmpty());
    }

    @Test
    void pinnedVersionIsLoadedOnDemandWithoutBecomingLatest() {
        LoadedModels models = registry(2);
        models.activate(TinyExports.published(M, "v2"));
        try (ModelLease pinned = models.acquire(M, "v1")) {
            assertEquals("v1", pinned.version());
            assertArrayEquals(print1, TinyExports.fingerprint(pinned.model()));
        }
        assertEquals(Optional.of("v2"), models.latestVersion(M));
        List<LoadedModel> loaded = models.loaded();
        assertEquals(2, loaded.size());
        assertTrue(loaded.stream().anyMatch(m -> m.version().equals("v2") && m.latest()));
        assertTrue(loaded.stream().anyMatch(m -> m.version().equals("v1") && !m.latest()));
        assertTrue(events.get(events.size() - 1).reason().contains("pinned"), events.toString());
        int loads = preparer.loads.get();
        models.acquire(M, "v1").close();
        assertEquals(loads, preparer.loads.get(), "a loaded pinned version is not loaded again");
    }

    @Test
    void missingVersionsAreNotAvailableNamingNameAndVersion() {
        LoadedModels models = registry(2);
        ModelNotAvailableException pinned = assertThrows(ModelNotAvailableException.class,
                () -> models.acquire(M, "v9"));
        assertTrue(pinned.getMessage().contains("'m' version 'v9'"), pinned.getMessage());
        assertTrue(pinned.getMessage().contains("models/m/v9/manifest.json"), pinned.getMessage());

        ModelNotAvailableException unknown = assertThrows(ModelNotAvailableException.class,
                () -> models.acquire("other", null));
        assertTrue(unknown.getMessage().contains("'other'"), unknown.getMessage());

        preparer.reject.put("v3", "saved_model.pb: broken");
        ModelNotAvailableException corrupt = assertThrows(ModelNotAvailableException.class,
                () -> models.acquire(M, "v3"));
        assertTrue(corrupt.getMessage().contains("saved_model.pb: broken"), corrupt.getMessage());
        assertEquals(List.of("rejected m/v3"), TinyExports.describe(events));
    }

    @Test
    void atMostNVersionsStayLoadedLeastRecentlyUsedFirst() {
        LoadedModels models = registry(2);
        models.activate(TinyExports.published(M, "v1"));
        models.activate(TinyExports.published(M, "v2"));
        ModelLease onV1 = models.acquire(M, "v1"); // v1 is now more recently used than v2
        models.activate(TinyExports.published(M, "v3"));

        assertEquals(java.util.Set.of("v1", "v3"), models.loaded().stream().map(LoadedModel::version)
                .collect(java.util.stream.Collectors.toSet()),
                "beyond 2 versions the least recently used non-latest one (v2) is retired");
        assertTrue(TinyExports.describe(events).contains("unloaded m/v2"), "unleased v2 closes at once");

        try (ModelLease onV2 = models.acquire(M, "v2")) { // pinned again: loads v2, retires v1 (leased)
            assertArrayEquals(print2, TinyExports.fingerprint(onV2.model()), "an evicted version can be pinned again");
        }
        assertEquals(java.util.Set.of("v2", "v3"), models.loaded().stream().map(LoadedModel::version)
                .collect(java.util.stream.Collectors.toSet()));
        assertFalse(TinyExports.describe(events).contains("unloaded m/v1"), "v1 is retired but still leased");
        assertArrayEquals(print1, TinyExports.fingerprint(onV1.model()), "a retired, leased version still generates");
        onV1.close();
        assertTrue(TinyExports.describe(events).contains("unloaded m/v1"), "its last lease closes v1");
        assertEquals(Optional.of("v3"), models.latestVersion(M), "the latest is never evicted");
    }

    @Test
    void republishingTheLatestIsANoOpAndAPinnedVersionIsPromotedWithoutReloading() {
        LoadedModels models = registry(2);
        models.activate(TinyExports.published(M, "v1"));
        assertEquals(Activation.ALREADY_LATEST, models.activate(TinyExports.published(M, "v1")));
        models.acquire(M, "v2").close();
        int loads = preparer.loads.get();
        assertEquals(Activation.PROMOTED, models.activate(TinyExports.published(M, "v2")));
        assertEquals(loads, preparer.loads.get());
        assertEquals(Optional.of("v2"), models.latestVersion(M));
    }

    @Test
    void concurrentBatchesNeverLeaseAClosedModelWhileVersionsSwap() throws Exception {
        LoadedModels models = registry(1);
        models.activate(TinyExports.published(M, "v1"));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger batches = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            workers.add(pool.submit(() -> {
                while (running.get()) {
                    try (ModelLease lease = models.acquire(M, null)) {
                        float[] print = TinyExports.fingerprint(lease.model());
                        float[] expected = switch (lease.version()) {
                            case "v1" -> print1;
                            case "v2" -> print2;
                            default -> print3;
                        };
                        assertArrayEquals(expected, print, "lease " + lease.version() + " ran other weights");
                        batches.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (String version : List.of("v2", "v3", "v1", "v2")) {
            int before = batches.get();
            assertEquals(Activation.LOADED, models.activate(TinyExports.published(M, version)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (batches.get() < before + 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get(30, TimeUnit.SECONDS); // rethrows any failure in a batch
        }
        pool.shutdown();
        assertTrue(batches.get() >= 12, "batches ran across the swaps: " + batches.get());
        long unloaded = events.stream().filter(e -> e.status() == ModelStatus.Status.UNLOADED).count();
        assertEquals(4, unloaded, "every replaced version is closed once its batches end: " + TinyExports.describe(events));
        assertEquals(0.0, meters.get(ModelMetrics.LEASES).gauge().value());
    }

    @Test
    void concurrentRequestsForOnePinnedVersionShareOneLoad() throws Exception {
        LoadedModels models = registry(2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            results.add(pool.submit(() -> {
                start.await();
                try (ModelLease lease = models.acquire(M, "v3")) {
                    assertArrayEquals(print3, TinyExports.fingerprint(lease.model()));
                    return lease.version();
                }
            }));
        }
        start.countDown();
        for (Future<String> result : results) {
            assertEquals("v3", result.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(1, preparer.loads.get(), "one load serves every concurrent request");
    }
}
