package dev.udpm.worker.models;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.udpm.schemas.model.ModelStatus;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The start-up selection ({@link ModelStartup#select}): the bundled model is verified, loaded and warmed up while
 * {@code udpm.models} is still being read, but installed only by the decision after it, with the same rule.
 */
class ModelStartupSelectionTest {

    static TinyExports.StartupVersions fm;

    @BeforeAll
    static void export() throws Exception {
        fm = TinyExports.StartupVersions.shared();
    }

    private final List<ModelStatus> events = new CopyOnWriteArrayList<>();
    private final TinyExports.DiskPreparer preparer = new TinyExports.DiskPreparer();
    private final LoadedModels models = TinyExports.loadedModels(preparer, events);
    private final HotReloader reloader = new HotReloader(models);
    private final CountDownLatch catchUpMayEnd = new CountDownLatch(1);

    @AfterEach
    void close() {
        catchUpMayEnd.countDown();
        reloader.close();
        models.close();
    }

    private void blockedCatchUp() {
        try {
            catchUpMayEnd.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theBundledModelIsPreparedWhileTheAnnouncementsAreReadAndInstalledOnlyAfterThem() throws Exception {
        CompletableFuture<Void> selected = CompletableFuture.supplyAsync(() -> ModelStartup.select(
                () -> Optional.of(fm.bundled()), this::blockedCatchUp, reloader, models, name -> false)).thenCompose(s -> s);

        await().atMost(Duration.ofSeconds(60)).until(() -> preparer.loads.get() == 1);
        assertTrue(models.loaded().isEmpty(), "prepared ahead, but nothing is installed before the decision");
        assertTrue(events.isEmpty(), "no status event before the decision: " + TinyExports.describe(events));
        assertFalse(selected.isDone(), "the selection waits for udpm.models to be read");

        catchUpMayEnd.countDown();
        selected.get(60, TimeUnit.SECONDS);
        assertEquals(Optional.of("bundled"), models.latestVersion("fm"));
        assertEquals(1, preparer.loads.get(), "the model prepared ahead is the one installed, not loaded again");
        assertEquals(List.of("loaded fm/bundled"), TinyExports.describe(events));
    }

    @Test
    void aBundledModelPreparedAheadIsDiscardedWhenAnAnnouncedVersionServes() throws Exception {
        preparer.dirs.put("v5", fm.announced());
        CompletableFuture<Void> selected = CompletableFuture.supplyAsync(() -> ModelStartup.select(
                () -> Optional.of(fm.bundled()), () -> {
                    await().atMost(Duration.ofSeconds(60)).until(() -> preparer.loads.get() == 1);
                    reloader.announce(TinyExports.published("fm", "v5")); // read while catching up
                }, reloader, models, name -> false)).thenCompose(s -> s);

        selected.get(120, TimeUnit.SECONDS);
        assertEquals(Optional.of("v5"), models.latestVersion("fm"));
        assertEquals(1, models.loaded().size(), "the bundled model prepared ahead is not installed");
        assertEquals(List.of("loaded fm/v5"), TinyExports.describe(events));
    }

    @Test
    void theModelWorkStartsBeforeTheMessagingChannelsStart() throws Exception {
        int ours = observerPriority(ModelStartup.class, "onStart");
        int messaging = observerPriority(Class.forName(
                "io.quarkus.smallrye.reactivemessaging.runtime.SmallRyeReactiveMessagingLifecycle"),
                "onApplicationStart");
        assertTrue(ours < messaging, "ModelStartup observes StartupEvent at priority " + ours + ", the messaging"
                + " lifecycle at " + messaging + ": the model work must start first");
    }

    private static int observerPriority(Class<?> type, String method) throws NoSuchMethodException {
        Priority priority = type.getDeclaredMethod(method, StartupEvent.class).getParameters()[0]
                .getAnnotation(Priority.class);
        return priority == null ? jakarta.interceptor.Interceptor.Priority.APPLICATION + 500 : priority.value();
    }
}
