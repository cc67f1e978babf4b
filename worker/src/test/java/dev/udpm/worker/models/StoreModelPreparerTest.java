package dev.udpm.worker.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.udpm.core.model.DeviceOptions;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.StorageSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading an exported directory (the bundled model): verify -> load -> warm up, and a rejection naming the step and
 * the file for each way a directory can be broken. (Downloads are covered through the real store by
 * {@code ModelHotReloadTest}.)
 */
class StoreModelPreparerTest {

    @TempDir
    static Path root;
    static Path good;
    static ObjectStore unusedStore;
    static StoreModelPreparer preparer;

    @BeforeAll
    static void setUp() throws Exception {
        good = TinyExports.shared("m", "v1", 11);
        // never called: no request is made by connect()
        unusedStore = ObjectStore.connect(StorageSettings.of("http://127.0.0.1:9", "us-east-1", "a", "b", "unused"));
        preparer = new StoreModelPreparer(new ModelFetcher(unusedStore, root.resolve("cache")), DeviceOptions.cpu(1, 1),
                4);
    }

    @AfterAll
    static void close() {
        unusedStore.close();
    }

    @Test
    void validDirectoryIsLoadedAndWarmedUp() throws Exception {
        PreparedModel prepared = preparer.fromDirectory(good);
        try {
            assertEquals("m", prepared.model().manifest().name());
            assertEquals("bundled:" + good, prepared.source());
            assertTrue(prepared.loadTime().toNanos() > 0);
            assertEquals(2 * 32 * 32, TinyExports.fingerprint(prepared.model()).length);
        } finally {
            prepared.model().close();
        }
    }

    @Test
    void tamperedFileIsRejectedAtVerifyNamingIt() throws Exception {
        Path dir = copy(good, root.resolve("tampered"));
        String data = ModelPublisher.manifestOf(dir).files().stream().map(ModelManifest.FileEntry::path)
                .filter(p -> p.startsWith("variables/variables.data")).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(dir.resolve(data));
        bytes[0] ^= 1;
        Files.write(dir.resolve(data), bytes);

        ModelRejectedException e = assertThrows(ModelRejectedException.class, () -> preparer.fromDirectory(dir));
        assertEquals(LoadStep.VERIFY, e.step());
        assertEquals("m", e.modelName());
        assertEquals("v1", e.version());
        assertTrue(e.getMessage().startsWith("verify failed: " + data + ": SHA-256"), e.getMessage());
    }

    @Test
    void unreadableManifestIsRejectedUnderPlaceholderNamesThatFitTheStatusSchema() throws Exception {
        Path dir = root.resolve("no good@dir");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("manifest.json"), "{}");
        ModelRejectedException e = assertThrows(ModelRejectedException.class, () -> preparer.fromDirectory(dir));
        assertEquals(LoadStep.VERIFY, e.step());
        assertEquals("bundled", e.modelName());
        assertEquals("no-good-dir", e.version());
        assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
    }

    @Test
    void warmUpBatchSizeMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StoreModelPreparer(new ModelFetcher(unusedStore, root), DeviceOptions.defaults(), 0));
        assertTrue(e.getMessage().contains("udpm.worker.models.warmup-batch-size"), e.getMessage());
    }

    private static Path copy(Path from, Path to) throws Exception {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
