package dev.udpm.trainer.runs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.udpm.core.model.TinyModels;
import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.model.QualityGate;
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
                // the last listed file is missing: found before anything is written
                Path last = exported.resolve(files.get(files.size() - 1).path());
                Path aside = dir.resolve("aside");
                Files.move(last, aside);

                assertThrows(RuntimeException.class, () -> publisher.upload(exported));
                assertFalse(objects.exists(manifest.prefix() + files.get(0).path()), "nothing was uploaded");
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

    @Test
    void aVersionTheGateRefusesIsStoredButNotAnnounced() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.startTransient()) {
            s3.createBucket("udpm-publisher-gate");
            try (ObjectStore objects = RunStoreTest.connect(s3, "udpm-publisher-gate")) {
                List<ModelPublished> announced = new ArrayList<>();
                ModelPublisher refusing = new ModelPublisher(objects, announced::add,
                        candidate -> Optional.of("casRatio 0.80 is below the latest's 0.92"));
                ModelPublished stored = refusing.publish(target -> TinyModels.export(target, 5, "gate-test", "v2", 32,
                        1, 10), "gate-test", "v2", dir.resolve("v2"), "refused");
                assertTrue(announced.isEmpty(), "a refused version must not become the latest");
                assertTrue(objects.exists(ModelManifest.keyOf("gate-test", "v2")), "the version itself is stored");
                assertEquals("v2", stored.version());

                new ModelPublisher(objects, announced::add, ModelPublisher.LatestGate.OPEN).publish(
                        target -> { throw new AssertionError("stored versions are not exported again"); },
                        "gate-test", "v2", dir.resolve("v2-again"), "forced");
                assertEquals(List.of("v2"), announced.stream().map(ModelPublished::version).toList());
            }
        }
    }

    @Test
    void theQualityGateComparesWithTheCurrentLatestsEvaluation() {
        ModelPublished latest = version("v1", Map.of(QualityGate.CAS_RATIO, 0.92, QualityGate.FD_INDEPENDENT, 4.4));
        ModelPublished worse = version("v2", Map.of(QualityGate.CAS_RATIO, 0.80, QualityGate.FD_INDEPENDENT, 4.5));
        ModelPublished better = version("v3", Map.of(QualityGate.CAS_RATIO, 0.95, QualityGate.FD_INDEPENDENT, 4.0));
        ModelPublisher.LatestGate gate = ModelPublisher.LatestGate.of(name -> Optional.of(latest),
                QualityGate.DEFAULT);
        String refusal = gate.refusal(worse).orElseThrow();
        assertTrue(refusal.contains(QualityGate.CAS_RATIO) && refusal.contains("0.8000"), refusal);
        assertEquals(Optional.empty(), gate.refusal(better));
        assertEquals(Optional.empty(), gate.refusal(latest), "re-announcing the latest itself is not a rollout");
        assertEquals(Optional.empty(), ModelPublisher.LatestGate.of(name -> Optional.empty(), QualityGate.DEFAULT)
                .refusal(worse), "the first version of a model has nothing to be compared with");
    }

    private static ModelPublished version(String v, Map<String, Double> metrics) {
        return new ModelPublished("gate-test", v, new ModelPublished.Location("b", "models/gate-test/" + v + "/"),
                "0".repeat(64), Instant.parse("2026-12-07T00:00:00Z"), metrics, null);
    }
}
