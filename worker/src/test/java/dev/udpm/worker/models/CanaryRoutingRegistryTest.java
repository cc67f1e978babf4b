package dev.udpm.worker.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.ModelLoader;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.schemas.model.CanaryRouting;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.model.ModelRollout;
import dev.udpm.schemas.model.ModelStatus;
import dev.udpm.schemas.model.QualityGate;
import dev.udpm.worker.models.TinyExports.DiskPreparer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Canary announcements in the registry without Quarkus: routing by jobId, promote, rollback, a rejected canary. */
class CanaryRoutingRegistryTest {

    private static final String M = "m";

    static Path v1;
    static Path v2;
    static float[] print2;

    @BeforeAll
    static void export() throws Exception {
        v1 = TinyExports.shared(M, "v1", 11);
        v2 = TinyExports.shared(M, "v2", 12);
        try (UdpmModel model = ModelLoader.load(v2, DeviceOptions.cpu(1, 1))) {
            print2 = TinyExports.fingerprint(model);
        }
    }

    private final List<ModelStatus> events = Collections.synchronizedList(new ArrayList<>());
    private final DiskPreparer preparer = new DiskPreparer();
    private LoadedModels models;

    private LoadedModels registry() {
        preparer.dirs.put("v1", v1);
        preparer.dirs.put("v2", v2);
        models = TinyExports.loadedModels(preparer, events);
        return models;
    }

    @AfterEach
    void close() {
        if (models != null) {
            models.close();
        }
    }

    private String versionFor(String jobId) {
        try (ModelLease lease = models.acquire(M, null, jobId)) {
            return lease.version();
        }
    }

    @Test
    void unpinnedJobsFollowTheHashPinnedOnesTheirVersionAndPromoteAndRollbackMoveThem() {
        LoadedModels models = registry();
        ModelPublished first = TinyExports.published(M, "v1");
        models.activate(first);
        ModelPublished canary = ModelRollout.canary(first, TinyExports.published(M, "v2"), 30, QualityGate.DEFAULT,
                false);
        models.activate(canary);
        assertEquals(Optional.of("v1"), models.latestVersion(M));
        assertEquals(Optional.of("v2"), models.canaryVersion(M));
        assertTrue(models.loaded().stream().anyMatch(m -> m.version().equals("v2") && Integer.valueOf(30)
                .equals(m.canaryPercent()) && !m.latest()), models.loaded().toString());

        int toCanary = 0;
        for (int i = 0; i < 200; i++) {
            String jobId = "job-" + i;
            String expected = CanaryRouting.toCanary(jobId, 30) ? "v2" : "v1";
            assertEquals(expected, versionFor(jobId), jobId);
            assertEquals(expected, versionFor(jobId), "the same jobId gets the same version again");
            toCanary += expected.equals("v2") ? 1 : 0;
            try (ModelLease pinned = models.acquire(M, "v1", jobId)) {
                assertEquals("v1", pinned.version(), "a pinned job is never routed");
            }
        }
        assertTrue(toCanary > 20 && toCanary < 110, "30 % of 200 went to the canary: " + toCanary);
        try (ModelLease noJobId = models.acquire(M, null)) {
            assertEquals("v1", noJobId.version(), "without a jobId: the latest");
        }

        String canaryJob = firstJobTo(true);
        ModelLease running = models.acquire(M, null, canaryJob);
        assertEquals("v2", running.version());
        models.activate(ModelRollout.dropCanary(canary));
        assertEquals(Optional.empty(), models.canaryVersion(M));
        for (int i = 0; i < 100; i++) {
            assertEquals("v1", versionFor("after-" + i), "after the rollback no unpinned job goes to v2");
        }
        assertArrayEquals(print2, TinyExports.fingerprint(running.model()), "a job already on v2 finishes on it");
        running.close();

        models.activate(canary);
        assertEquals("v2", versionFor(canaryJob), "the canary again");
        ModelPublished promoted = ModelRollout.promote(canary, QualityGate.DEFAULT, false);
        models.activate(promoted);
        assertEquals(Optional.of("v2"), models.latestVersion(M));
        assertEquals(Optional.empty(), models.canaryVersion(M));
        assertEquals("v2", versionFor(firstJobTo(false)), "after promote every unpinned job goes to v2");

        models.activate(ModelRollout.rollbackTo(promoted, first));
        assertEquals(Optional.of("v1"), models.latestVersion(M));
        assertEquals("v1", versionFor(canaryJob), "rolled back: v1 for every unpinned job");
    }

    @Test
    void aRejectedCanaryTakesNothing() {
        LoadedModels models = registry();
        ModelPublished first = TinyExports.published(M, "v1");
        models.activate(first);
        preparer.reject.put("v2", "variables/variables.index: SHA-256 mismatch");
        models.activate(ModelRollout.canary(first, TinyExports.published(M, "v2"), 50, QualityGate.DEFAULT, false));
        assertEquals(Optional.empty(), models.canaryVersion(M));
        assertEquals("v1", versionFor(firstJobTo(true)));
        assertTrue(TinyExports.describe(events).contains("rejected m/v2"), TinyExports.describe(events).toString());
    }

    private static String firstJobTo(boolean canary) {
        for (int i = 0; ; i++) {
            if (CanaryRouting.toCanary("probe-" + i, 30) == canary) {
                return "probe-" + i;
            }
        }
    }
}
