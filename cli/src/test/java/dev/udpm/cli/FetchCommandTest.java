package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.Timings;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.ModelRef;
import dev.udpm.storage.ObjectDigest;
import dev.udpm.storage.ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code udpm fetch} against objects and manifests put into the real S3 endpoint. */
class FetchCommandTest {

    @TempDir
    Path out;

    @Test
    void downloadsEveryObjectOfTheManifestVerifiesItAndSavesTheManifest() throws Exception {
        String id = "f-ok-" + UUID.randomUUID();
        List<byte[]> bytes = List.of(png(1), png(2), png(3));
        byte[] manifest = putJob(id, bytes, -1);
        TestInfra.Result r = TestInfra.run("fetch", id, "--out", out.toString());
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertArrayEquals(bytes.get(0), Files.readAllBytes(out.resolve("000000.png")));
        assertArrayEquals(bytes.get(1), Files.readAllBytes(out.resolve("000001.png")));
        assertArrayEquals(bytes.get(2), Files.readAllBytes(out.resolve("grid.png")));
        assertArrayEquals(manifest, Files.readAllBytes(out.resolve("manifest.json")));
        assertTrue(r.out().contains("fetched 3 objects of job " + id), r.toString());
        assertTrue(r.out().contains("grid.png") && r.out().contains("sha256 ok"), r.toString());
    }

    @Test
    void aShaMismatchFailsWithExitSixNamingTheKeyAndDeletesTheFile() throws Exception {
        String id = "f-bad-" + UUID.randomUUID();
        putJob(id, List.of(png(4), png(5)), 1);
        TestInfra.Result r = TestInfra.run("fetch", id, "--out", out.toString());
        assertEquals(ExitCodes.VERIFY_FAILED, r.code(), r.toString());
        assertTrue(r.err().contains("1 of 2 objects failed the SHA-256 check"), r.toString());
        assertTrue(r.err().contains("jobs/" + id + "/grid.png: expected sha256 " + "0".repeat(64)), r.toString());
        assertTrue(Files.exists(out.resolve("000000.png")), "the verified object stays");
        assertFalse(Files.exists(out.resolve("grid.png")), "the mismatching file must be deleted");
    }

    @Test
    void aJobWithoutManifestIsNotFound() {
        String id = "f-none-" + UUID.randomUUID();
        TestInfra.Result r = TestInfra.run("fetch", id, "--out", out.toString());
        assertEquals(ExitCodes.NOT_FOUND, r.code(), r.toString());
        assertTrue(r.err().contains("job " + id + " has no jobs/" + id + "/manifest.json in bucket 'udpm-cli-test'"),
                r.toString());
    }

    @Test
    void fromEventUsesTheCompletedEventsObjectList() throws Exception {
        String id = "f-event-" + UUID.randomUUID();
        putJob(id, List.of(png(6), png(7)), -1);
        try (ObjectStore store = TestInfra.store()) {
            ObjectDigest only = store.put(ObjectKeys.imageKey(id, 0), png(6), ObjectKeys.PNG);
            TestInfra.produceEvents(new JobCompleted(id, Instant.now(), "w", null,
                    List.of(StoredObject.of(only.key(), only.sha256(), only.size(), ObjectKeys.PNG)),
                    ObjectKeys.jobManifestKey(id), "m", "v1", new Timings(1, 2, 3)));
        }
        TestInfra.Result r = TestInfra.run("fetch", id, "--out", out.toString(), "--from", "event");
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertTrue(Files.exists(out.resolve("000000.png")));
        assertFalse(Files.exists(out.resolve("grid.png")), "only the event's objects are fetched");
        assertTrue(r.out().contains("fetched 1 object of job " + id), r.toString());

        TestInfra.Result none = TestInfra.run("fetch", "f-no-event-" + UUID.randomUUID(), "--out", out.toString(),
                "--from", "event");
        assertEquals(ExitCodes.NOT_FOUND, none.code(), none.toString());
        assertTrue(none.err().contains("has no completed event"), none.toString());
    }

    @Test
    void keysOutsideTheJobPrefixAreRefused() {
        Path dir = Path.of("x");
        assertEquals(dir.toAbsolutePath().resolve("a/000001.png"), JobFetcher.target(dir, "j", "jobs/j/a/000001.png"));
        CliException other = assertThrows(CliException.class, () -> JobFetcher.target(dir, "j", "jobs/k/000000.png"));
        assertEquals(ExitCodes.VERIFY_FAILED, other.exitCode());
        assertThrows(CliException.class, () -> JobFetcher.target(dir, "j", "jobs/j/../../etc/passwd"));
        assertThrows(CliException.class, () -> JobFetcher.target(dir, "j", "jobs/j/"));
    }

    /**
     * Puts images (the last one as grid.png) and a manifest listing them; the object at {@code corrupt} (if >= 0) is
     * listed with a wrong sha256.
     */
    static byte[] putJob(String id, List<byte[]> images, int corrupt) {
        try (ObjectStore store = TestInfra.store()) {
            List<StoredObject> objects = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                String key = i == images.size() - 1 ? ObjectKeys.gridKey(id) : ObjectKeys.imageKey(id, i);
                ObjectDigest put = store.put(key, images.get(i), ObjectKeys.PNG);
                objects.add(StoredObject.of(key, i == corrupt ? "0".repeat(64) : put.sha256(), put.size(), ObjectKeys.PNG));
            }
            GenerateJob request = new GenerateJob(id, Instant.parse("2025-06-01T12:00:00Z"), null, null, null,
                    ModelRef.latest("m"), images.size() - 1, 1, null, null);
            byte[] manifest = Json.write(JobManifest.of(request, "m", "v1", Instant.parse("2025-06-01T12:00:01Z"), objects))
                    .getBytes(StandardCharsets.UTF_8);
            store.put(ObjectKeys.jobManifestKey(id), manifest, ObjectKeys.JSON);
            return manifest;
        }
    }

    static byte[] png(int n) {
        byte[] b = new byte[100 + n];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * n + 7);
        }
        return b;
    }
}
