package dev.udpm.trainer.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import dev.udpm.trainer.data.FashionMnist;
import dev.udpm.trainer.training.RunRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill-safety of the service core: instance A trains until a checkpoint is in the object store and then "dies"
 * (nothing more reaches the store); instance B, with a NEW EMPTY local workspace and the same bucket, picks the run up
 * at start-up from the newest COMPLETE stored checkpoint (not from step 0, not from a half-uploaded one), finishes it,
 * exports, uploads (replacing a half-uploaded version) and announces the model.
 */
class RunServiceResumeTest {

    private static final String BUCKET = "udpm-resume-test";
    private static final long STEPS = 14;

    @TempDir
    Path temp;

    @Test
    void aRunKilledAfterACheckpointIsResumedByAnotherInstanceFromTheStoreAndPublished() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.startTransient()) {
            s3.createBucket(BUCKET);
            try (ObjectStore objects = RunStoreTest.connect(s3, BUCKET)) {
                RunStore store = new RunStore(objects);
                List<ModelPublished> announced = new CopyOnWriteArrayList<>();
                String runId = "resume-" + UUID.randomUUID().toString().substring(0, 8);
                String model = "resume-model";

                // --- instance A: start, wait for an uploaded checkpoint, die
                Path workspaceA = temp.resolve("a");
                RunService a = service(objects, announced::add, workspaceA);
                a.start(tinyRequest(runId, model));
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (store.latestCompleteCheckpoint(runId).orElse(0) < 4) {
                    assertTrue(System.nanoTime() < deadline, "instance A uploaded no checkpoint of step >= 4 in 3 min: "
                            + a.status(runId));
                    Thread.sleep(50);
                }
                a.abandonForTest(Duration.ofMinutes(1));
                a.close();
                assertTrue(a.awaitIdle(Duration.ZERO), "A's training thread must have ended");

                OptionalLong stored = store.latestCompleteCheckpoint(runId);
                long k = stored.orElseThrow();
                assertTrue(k >= 4 && k < STEPS, "A must have died mid-run, newest stored checkpoint " + k);
                assertEquals(RunState.RUNNING, store.status(runId).orElseThrow().state(),
                        "a killed run is still RUNNING in the store");
                assertTrue(announced.isEmpty(), "nothing may be announced before the run completes");

                // --- a crash also left a half-uploaded checkpoint (newer step, no marker) and a half-uploaded model
                String halfCheckpoint = RunStore.checkpointPrefix(runId, k + 1);
                objects.put(halfCheckpoint + "model.index", new byte[] {9, 9, 9}, "application/octet-stream");
                objects.put(halfCheckpoint + "state.json", "{\"step\":999}".getBytes(), "application/json");
                String version = runId + "-step-" + STEPS;
                String modelPrefix = ModelManifest.prefixOf(model, version);
                objects.put(modelPrefix + "saved_model.pb", new byte[] {1, 2, 3}, "application/octet-stream");
                assertEquals(stored, store.latestCompleteCheckpoint(runId), "a checkpoint without marker must not count");

                // --- instance B: new empty workspace, same bucket, resumes at start-up
                Path workspaceB = temp.resolve("b");
                assertFalse(Files.exists(workspaceB));
                RunService b = service(objects, announced::add, workspaceB);
                Optional<RunStatus> resumed = b.resumeUnfinished();
                assertEquals(Optional.of(runId), resumed.map(RunStatus::runId), "B must pick up the RUNNING run");
                assertTrue(b.awaitIdle(Duration.ofMinutes(3)), "B did not finish the run in 3 min: " + b.status(runId));
                b.close();

                RunStatus done = b.status(runId);
                assertEquals(RunState.COMPLETED, done.state(), "final status: " + done);
                assertEquals(Long.valueOf(k), done.resumedFromStep(),
                        "B's loop must start at the newest complete stored checkpoint, not 0 or the unmarked one");
                assertEquals(STEPS, done.step());
                assertEquals(version, done.exportedVersion());
                assertEquals(done, store.status(runId).orElseThrow(), "the stored state must be the final one");
                assertEquals(STEPS, store.latestCompleteCheckpoint(runId).orElseThrow());
                assertFalse(Files.exists(workspaceB.resolve(runId)), "a completed run's local folder is removed");

                // --- the published version: manifest last, every file as listed, one announcement with its SHA-256
                assertEquals(1, announced.size(), "exactly one announcement: " + announced);
                ModelPublished event = announced.get(0);
                byte[] manifestBytes = objects.get(ModelManifest.keyOf(model, version));
                ContractValidator.shared().parseModelPublished(dev.udpm.schemas.Json.write(event));
                assertEquals(model, event.name());
                assertEquals(version, event.version());
                assertEquals(new ModelPublished.Location(BUCKET, modelPrefix), event.location());
                assertEquals(Sha256.hex(manifestBytes), event.manifestSha256());
                assertTrue(event.metrics().isEmpty(), "no classifier, no evaluation: " + event.metrics());
                ModelManifest manifest = ContractValidator.shared()
                        .parseModelManifest(new String(manifestBytes, StandardCharsets.UTF_8));
                assertObjectsMatch(objects, manifest);
                assertTrue(manifest.files().stream().anyMatch(f -> f.path().equals("saved_model.pb")),
                        "the half-uploaded saved_model.pb must have been replaced by the listed one");
            }
        }
    }

    @Test
    void aRunWhoseNewestCheckpointIsCorruptedResumesFromTheOneBeforeAndSaysSo() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.startTransient()) {
            s3.createBucket(BUCKET);
            try (ObjectStore objects = RunStoreTest.connect(s3, BUCKET)) {
                RunStore store = new RunStore(objects);
                List<ModelPublished> announced = new CopyOnWriteArrayList<>();
                String runId = "corrupt-" + UUID.randomUUID().toString().substring(0, 8);

                // --- instance A: train until two checkpoints are stored, then die
                RunService a = service(objects, announced::add, temp.resolve("a"));
                a.start(tinyRequest(runId, "corrupt-model"));
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (store.completeCheckpoints(runId).size() < 2) {
                    assertTrue(System.nanoTime() < deadline, "instance A stored no 2 checkpoints in 3 min: "
                            + a.status(runId));
                    Thread.sleep(50);
                }
                a.abandonForTest(Duration.ofMinutes(1));
                a.close();
                List<Long> steps = store.completeCheckpoints(runId);
                long newest = steps.get(steps.size() - 1);
                long before = steps.get(steps.size() - 2);
                assertTrue(newest < STEPS, "A must have died mid-run, checkpoints " + steps);

                // --- the newest checkpoint's weights are corrupted in the store (same size, one byte flipped)
                String data = RunStore.checkpointPrefix(runId, newest) + "model.data-00000-of-00001";
                byte[] bytes = objects.get(data);
                bytes[bytes.length / 2] ^= 0x5A;
                objects.put(data, bytes, "application/octet-stream");

                // --- instance B resumes from the checkpoint before it, says so, and finishes
                RunService b = service(objects, announced::add, temp.resolve("b"));
                assertEquals(Optional.of(runId), b.resumeUnfinished().map(RunStatus::runId));
                assertTrue(b.awaitIdle(Duration.ofMinutes(3)), "B did not finish the run in 3 min: " + b.status(runId));
                b.close();

                RunStatus done = b.status(runId);
                assertEquals(RunState.COMPLETED, done.state(), "final status: " + done);
                assertEquals(Long.valueOf(before), done.resumedFromStep(), "resumed from the checkpoint before the"
                        + " corrupted one: " + done);
                assertTrue(done.skippedCheckpoints() != null && done.skippedCheckpoints().contains(
                        "step-%09d failed verification: ".formatted(newest))
                        && done.skippedCheckpoints().contains("model.data-00000-of-00001"), "the status must say"
                        + " which checkpoint was skipped and why: " + done.skippedCheckpoints());
                assertEquals(done, store.status(runId).orElseThrow(), "the stored state must be the final one");
                assertEquals(STEPS, done.step());
                assertEquals(1, announced.size(), "the resumed run is published: " + announced);
            }
        }
    }

    @Test
    void aShutdownStopsTheRunAfterItsStepAndUploadsThatCheckpointLeavingItRunning() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.startTransient()) {
            s3.createBucket(BUCKET);
            try (ObjectStore objects = RunStoreTest.connect(s3, BUCKET)) {
                RunStore store = new RunStore(objects);
                String runId = "shutdown-" + UUID.randomUUID().toString().substring(0, 8);
                RunService service = service(objects, p -> {
                    throw new AssertionError("nothing may be announced");
                }, temp.resolve("w"));
                // checkpointEvery far beyond the steps trained: the only checkpoint is the one the shutdown writes
                service.start(new RunRequest(runId, RunRequest.FASHION_MNIST, null, null, null, "tiny", 100_000L, 4,
                        7L, 50_000, 50_000, 1, 2,
                        new RunRequest.Hyperparameters(1e-3, 1e-3, 0, null, null, null, null, null, null, null), false,
                        "shutdown-model", true, null));
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (service.status(runId).step() < 2) {
                    assertTrue(System.nanoTime() < deadline, "no progress in 3 min: " + service.status(runId));
                    Thread.sleep(50);
                }
                assertTrue(store.completeCheckpoints(runId).isEmpty(), "no checkpoint before the shutdown");

                service.close();

                assertTrue(service.awaitIdle(Duration.ZERO), "close() must wait for the training thread");
                RunStatus stored = store.status(runId).orElseThrow();
                assertEquals(RunState.RUNNING, stored.state(), "a shutdown leaves the run RUNNING for the next start");
                assertTrue(stored.step() >= 2, "stored " + stored);
                assertEquals(List.of(stored.step()), store.completeCheckpoints(runId),
                        "the shutdown checkpoint of the last step must be uploaded with its marker");
                assertEquals(RunStore.checkpointPrefix(runId, stored.step()), stored.latestCheckpoint());
            }
        }
    }

    static void assertObjectsMatch(ObjectStore objects, ModelManifest manifest) {
        assertFalse(manifest.files().isEmpty());
        for (ModelManifest.FileEntry file : manifest.files()) {
            byte[] bytes = objects.get(manifest.prefix() + file.path());
            assertEquals(file.sha256(), Sha256.hex(bytes), file.path() + ": object differs from the manifest");
            assertEquals(file.size(), bytes.length, file.path() + ": size differs from the manifest");
        }
    }

    private static RunService service(ObjectStore objects, ModelAnnouncer announcer, Path workspace) {
        return new RunService(new RunStore(objects), new ModelPublisher(objects, announcer),
                new RunMetrics(new SimpleMeterRegistry()), new RunService.Settings(workspace,
                        Path.of(FashionMnist.DEFAULT_DIRECTORY), Optional.empty(), 3, true, Duration.ofMinutes(1)));
    }

    /** Tiny nets, batch 4, checkpoints every 2 steps, no warm-up, Grappler off: seconds, not minutes. */
    static RunRequest tinyRequest(String runId, String model) {
        return new RunRequest(runId, RunRequest.FASHION_MNIST, null, null, null, "tiny", STEPS, 4, 7L, 2, 7, 2, 2,
                new RunRequest.Hyperparameters(1e-3, 1e-3, 0, null, null, null, null, null, null, null), false, model, true, null);
    }

}
