package dev.udpm.worker.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.udpm.schemas.model.ModelStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Loads run off the caller's thread, one at a time, newest announcement per model only. */
class HotReloaderTest {

    static Path v1;
    static Path v2;
    static Path v3;

    @BeforeAll
    static void export() throws Exception {
        v1 = TinyExports.shared("m", "v1", 11);
        v2 = TinyExports.shared("m", "v2", 12);
        v3 = TinyExports.shared("m", "v3", 13);
    }

    private final List<ModelStatus> events = Collections.synchronizedList(new ArrayList<>());
    private final TinyExports.DiskPreparer preparer = new TinyExports.DiskPreparer();
    private final LoadedModels models = TinyExports.loadedModels(preparer, events);
    private final HotReloader reloader = new HotReloader(models);

    @AfterEach
    void close() {
        reloader.close();
        models.close();
    }

    @Test
    void beforeStartOnlyTheNewestAnnouncementPerModelIsKeptThenLoaded() throws Exception {
        preparer.dirs.putAll(java.util.Map.of("v1", v1, "v2", v2, "v3", v3));
        reloader.announce(TinyExports.published("m", "v1"));
        reloader.announce(TinyExports.published("m", "v2"));
        reloader.idle().get(10, TimeUnit.SECONDS);
        assertEquals(0, preparer.loads.get(), "nothing loads before start()");

        reloader.start();
        reloader.idle().get(60, TimeUnit.SECONDS);
        assertEquals(Optional.of("v2"), models.latestVersion("m"));
        assertEquals(1, preparer.loads.get(), "the superseded v1 is never loaded");

        reloader.announce(TinyExports.published("m", "v3"));
        reloader.idle().get(60, TimeUnit.SECONDS);
        assertEquals(Optional.of("v3"), models.latestVersion("m"), "after start() announcements load as they come");
    }

    @Test
    void announceReturnsAtOnceWhileALoadRuns() throws Exception {
        preparer.dirs.put("v1", v1);
        reloader.start();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        reloader.submit(() -> {
            running.countDown();
            try {
                blocked.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertTrue(running.await(10, TimeUnit.SECONDS), "the blocking task must start");
            long start = System.nanoTime();
            reloader.announce(TinyExports.published("m", "v1"));
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500), "announce must not block");
            assertTrue(reloader.busyFor().isPresent(), "the loader reports being busy");
            assertTrue(models.latestVersion("m").isEmpty(), "the load waits behind the running task");
        } finally {
            blocked.countDown();
        }
        reloader.idle().get(60, TimeUnit.SECONDS);
        assertEquals(Optional.of("v1"), models.latestVersion("m"));
        assertTrue(reloader.busyFor().isEmpty());
    }
}
