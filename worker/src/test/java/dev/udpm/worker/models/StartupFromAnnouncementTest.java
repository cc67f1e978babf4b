package dev.udpm.worker.models;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** At start the newest version announced on udpm.models wins over the bundled model of the same name. */
@QuarkusTest
@TestProfile(AnnouncedAtStartProfile.class)
class StartupFromAnnouncementTest {

    @Inject
    LoadedModels models;

    @Inject
    HotReloader reloader;

    @Test
    void newestAnnouncedVersionIsLoadedAndTheBundledOneIsNot() throws Exception {
        String name = AnnouncedAtStartResource.NAME;
        await().atMost(Duration.ofSeconds(60)).until(() -> models.latestVersion(name),
                Optional.of(AnnouncedAtStartResource.ANNOUNCED)::equals);
        // the start-up decision runs on the loader thread after the announcements: wait until it has run
        await().atMost(Duration.ofSeconds(60)).until(() -> reloader.busyFor().isEmpty()
                && reloader.idle().isDone());
        reloader.idle().get();
        assertEquals(Optional.of(AnnouncedAtStartResource.ANNOUNCED), models.latestVersion(name));
        assertFalse(models.isLoaded(name, AnnouncedAtStartResource.BUNDLED), "the bundled model must not be loaded: "
                + models.loaded());
        assertFalse(models.isLoaded(name, AnnouncedAtStartResource.ANNOUNCED_OLD),
                "the replayed older announcement is superseded before it is loaded: " + models.loaded());
    }
}
