package dev.udpm.trainer.runs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.storage.ObjectStore;
import dev.udpm.trainer.training.RunRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object-store layout of runs against a real S3 server (S3Proxy): markers, pruning, verified downloads. */
class RunStoreTest {

    static final String BUCKET = "udpm-runs-test";
    private static EmbeddedS3 s3;
    private static ObjectStore objects;
    private static RunStore store;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() {
        s3 = EmbeddedS3.startTransient();
        s3.createBucket(BUCKET);
        objects = connect(s3, BUCKET);
        store = new RunStore(objects);
    }

    @AfterAll
    static void stopS3() {
        objects.close();
        s3.close();
    }

    static ObjectStore connect(EmbeddedS3 s3, String bucket) {
        return ObjectStore.of(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(), bucket,
                Duration.ofMinutes(5));
    }

    @Test
    void aCheckpointWithoutItsMarkerIsIgnored() throws IOException {
        String run = "half-" + UUID.randomUUID();
        store.uploadCheckpoint(run, checkpoint(4, "four"), 3);
        // an upload interrupted after the files: no marker
        objects.put(RunStore.checkpointPrefix(run, 6) + "model.index", new byte[] {1, 2}, "application/octet-stream");
        objects.put(RunStore.checkpointPrefix(run, 6) + "state.json", "{}".getBytes(), "application/json");

        assertEquals(List.of(4L), store.completeCheckpoints(run), "step 6 has no marker, so it is not a checkpoint");
        assertEquals(OptionalLong.of(4), store.latestCompleteCheckpoint(run));
    }

    @Test
    void uploadWritesTheMarkerLastAndDownloadRestoresTheSameBytes() throws IOException {
        String run = "roundtrip-" + UUID.randomUUID();
        Path local = checkpoint(8, "eight");
        String prefix = store.uploadCheckpoint(run, local, 3);

        assertEquals(RunStore.checkpointPrefix(run, 8), prefix);
        assertTrue(objects.exists(prefix + RunStore.MARKER), "the marker must exist after the upload");
        Path restored = store.downloadCheckpoint(run, 8, dir.resolve("fresh"));
        assertEquals(dir.resolve("fresh/checkpoints/step-000000008"), restored);
        for (String name : List.of("model.index", "model.data-00000-of-00001", "state.json")) {
            assertArrayEquals(Files.readAllBytes(local.resolve(name)), Files.readAllBytes(restored.resolve(name)),
                    name + " must come back byte for byte");
        }
    }

    @Test
    void aFileChangedAfterTheMarkerIsRejectedOnDownload() throws IOException {
        String run = "tampered-" + UUID.randomUUID();
        store.uploadCheckpoint(run, checkpoint(2, "two"), 3);
        objects.put(RunStore.checkpointPrefix(run, 2) + "model.index", "other".getBytes(), "application/octet-stream");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> store.downloadCheckpoint(run, 2, dir.resolve("fresh")));
        assertTrue(e.getMessage().contains("model.index"), e.getMessage());
    }

    @Test
    void theNewestCheckpointThatVerifiesIsRestoredAndNewerCorruptedOnesAreNamed() throws IOException {
        String run = "fallback-" + UUID.randomUUID();
        for (long step = 2; step <= 6; step += 2) {
            store.uploadCheckpoint(run, checkpoint(step, "s" + step), 3);
        }
        objects.put(RunStore.checkpointPrefix(run, 6) + "model.index", "flipped".getBytes(), "application/octet-stream");
        objects.delete(RunStore.checkpointPrefix(run, 4) + "state.json");
        Path fresh = dir.resolve("fresh");

        RunStore.Restored restored = store.downloadNewestVerified(run, fresh);

        assertEquals(OptionalLong.of(2), restored.step());
        assertEquals(2, restored.skipped().size(), restored.skipped().toString());
        assertTrue(restored.skipped().get(0).startsWith("step-000000006 failed verification: ")
                && restored.skipped().get(0).contains("model.index"), restored.skipped().get(0));
        assertTrue(restored.skipped().get(1).startsWith("step-000000004 failed verification: ")
                && restored.skipped().get(1).contains("state.json"), restored.skipped().get(1));
        assertEquals("{\"step\":2}", Files.readString(fresh.resolve("checkpoints/step-000000002/state.json")));
        assertFalse(Files.exists(fresh.resolve("checkpoints/step-000000006")), "a failed download is removed");
        assertFalse(Files.exists(fresh.resolve("checkpoints/step-000000004")), "a failed download is removed");
    }

    @Test
    void whenNoStoredCheckpointVerifiesTheResumeFailsNamingEach() throws IOException {
        String run = "none-" + UUID.randomUUID();
        store.uploadCheckpoint(run, checkpoint(2, "two"), 3);
        objects.put(RunStore.checkpointPrefix(run, 2) + "model.index", "flipped".getBytes(), "application/octet-stream");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> store.downloadNewestVerified(run, dir.resolve("fresh")));
        assertTrue(e.getMessage().contains("no stored checkpoint of run " + run + " verifies: step-000000002"),
                e.getMessage());
        assertEquals(new RunStore.Restored(OptionalLong.empty(), List.of()),
                store.downloadNewestVerified("never-" + UUID.randomUUID(), dir.resolve("other")),
                "a run without checkpoints starts from scratch");
    }

    @Test
    void onlyTheNewestCheckpointsAreKept() throws IOException {
        String run = "prune-" + UUID.randomUUID();
        for (long step = 1; step <= 4; step++) {
            store.uploadCheckpoint(run, checkpoint(step, "s" + step), 2);
        }
        assertEquals(List.of(3L, 4L), store.completeCheckpoints(run));
        assertFalse(objects.list(RunStore.checkpointPrefix(run, 1)).iterator().hasNext(),
                "every object of a pruned checkpoint must be deleted");
    }

    @Test
    void requestAndStatusRoundTripAndAreListed() {
        String run = "state-" + UUID.randomUUID();
        RunRequest request = new RunRequest(run, "fashion-mnist", null, null, null, "tiny", 5L, 4, 3L, 2, 2, 1, 2,
                null, false, "m", true, null).withDefaults("unused", false);
        store.putRequest(request);
        RunStatus status = RunStatus.started(request, java.time.Instant.now()).withCheckpoint(2, "k");
        store.putStatus(status);

        assertEquals(request, store.request(run).orElseThrow());
        assertEquals(status, store.status(run).orElseThrow());
        assertTrue(store.statuses().stream().anyMatch(s -> s.runId().equals(run)));
        assertTrue(store.status("missing-" + run).isEmpty());
    }

    /** A fake local checkpoint folder {@code checkpoints/step-N/} with the three files a real one has. */
    private Path checkpoint(long step, String content) throws IOException {
        Path folder = dir.resolve("run/checkpoints/step-%09d".formatted(step));
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("model.index"), "index " + content);
        Files.writeString(folder.resolve("model.data-00000-of-00001"), "data " + content.repeat(100));
        Files.writeString(folder.resolve("state.json"), "{\"step\":" + step + "}");
        return folder;
    }
}
