package dev.udpm.trainer.runs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.udpm.core.model.TinyModels;
import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.storage.ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model upload order: a version's manifest.json exists in the store only once every file it lists is there. */
class ModelPublisherTest {

    @TempDir
    Path dir;

    @Test
    void anUploadThatFailsMidwayLeavesNoManifestAndARetryCompletesTheVersion() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.startTransient()) {
            s3.createBucket("udpm-publisher-test");
            try (ObjectStore objects = RunStoreTest.connect(s3, "udpm-publisher-test")) {
                ModelPublisher publisher = new ModelPublisher(objects, p -> {
                    throw new AssertionError("upload alone must not announce");
                });
                Path exported = dir.resolve("v1");
                ModelManifest manifest = TinyModels.export(exported, 5, "pub-test", "v1", 32, 1, 10);
                List<ModelManifest.FileEntry> files = manifest.files();
                assertTrue(files.size() >= 2, "a SavedModel has several files: " + files);
                // the "crash": the last listed file cannot be read, so its upload fails after the others
                Path last = exported.resolve(files.get(files.size() - 1).path());
                Path aside = dir.resolve("aside");
                Files.move(last, aside);

                assertThrows(RuntimeException.class, () -> publisher.upload(exported));
                assertTrue(objects.exists(manifest.prefix() + files.get(0).path()), "earlier files were uploaded");
                assertFalse(objects.exists(ModelManifest.keyOf("pub-test", "v1")),
                        "no manifest may exist for a version whose upload did not finish");

                Files.move(aside, last);
                byte[] manifestBytes = publisher.upload(exported);
                assertArrayEquals(Files.readAllBytes(exported.resolve(ModelManifest.FILE_NAME)), manifestBytes);
                assertArrayEquals(manifestBytes, objects.get(ModelManifest.keyOf("pub-test", "v1")));
                RunServiceResumeTest.assertObjectsMatch(objects, manifest);
            }
        }
    }
}
