package dev.udpm.worker.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.udpm.schemas.model.ModelStatus;
import dev.udpm.worker.models.BundledModel.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up rule: newest announced version if one serves, else the bundled model. */
class BundledModelTest {

    @TempDir
    static Path root;
    static TinyExports.StartupVersions fm;

    @BeforeAll
    static void export() throws Exception {
        fm = TinyExports.StartupVersions.shared();
    }

    private final List<ModelStatus> events = new ArrayList<>();
    private final TinyExports.DiskPreparer preparer = new TinyExports.DiskPreparer();
    private final LoadedModels models = TinyExports.loadedModels(preparer, events);

    @AfterEach
    void close() {
        models.close();
    }

    @Test
    void withNothingAnnouncedTheBundledModelBecomesTheLatest() {
        assertEquals(Outcome.LOADED, BundledModel.loadIfNeeded(Optional.of(fm.bundled()), models));
        assertEquals(Optional.of("bundled"), models.latestVersion("fm"));
    }

    @Test
    void anAnnouncedVersionOfTheSameModelWins() {
        preparer.dirs.put("v5", fm.announced());
        models.activate(TinyExports.published("fm", "v5"));
        assertEquals(Outcome.ANNOUNCED_VERSION_SERVING, BundledModel.loadIfNeeded(Optional.of(fm.bundled()), models));
        assertEquals(Optional.of("v5"), models.latestVersion("fm"));
        assertEquals(1, models.loaded().size(), "the bundled model is not loaded at all");
    }

    @Test
    void anAnnouncedVersionThatWasRejectedFallsBackToTheBundledModel() {
        preparer.reject.put("v5", "saved_model.pb: broken");
        models.activate(TinyExports.published("fm", "v5"));
        assertEquals(Outcome.LOADED, BundledModel.loadIfNeeded(Optional.of(fm.bundled()), models));
        assertEquals(Optional.of("bundled"), models.latestVersion("fm"));
    }

    @Test
    void missingOrUnsetDirectoryLoadsNothing() {
        assertEquals(Outcome.NOT_CONFIGURED, BundledModel.loadIfNeeded(Optional.empty(), models));
        assertEquals(Outcome.MISSING, BundledModel.loadIfNeeded(Optional.of(root.resolve("nope")), models));
        assertTrue(models.loaded().isEmpty());
    }

    @Test
    void aBrokenBundledDirectoryIsRejectedWithAnEvent() throws Exception {
        Path broken = root.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("manifest.json"), "{}");
        // the DiskPreparer loads through ModelLoader, which verifies the manifest first
        assertEquals(Outcome.REJECTED, BundledModel.loadIfNeeded(Optional.of(broken), models));
        assertEquals(ModelStatus.Status.REJECTED, events.get(0).status());
        assertTrue(models.loaded().isEmpty());
    }
}
