package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.event.Timings;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.ModelRef;
import dev.udpm.schemas.job.ShardManifest;
import dev.udpm.schemas.job.ShardRange;
import dev.udpm.schemas.status.JobState;
import dev.udpm.schemas.status.JobStateFold;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.storage.ObjectDigest;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk jobs through the real broker and S3: events and objects written as the workers write them (shard progress
 * with shard info, out of order; shard manifests, the merged manifest, one completed event with {@code objects: []},
 * {@code manifestSha256} and {@code objectCount}).
 */
class BulkJobTest {

    static final Instant T = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path out;

    @Test
    void watchShowsTheWholeJobsProgressSummedOverShardsInAnyOrderAndTheBulkCompletedLine() {
        String id = "b-watch-" + UUID.randomUUID();
        BulkJob job = putBulkJob(id, new int[] {4, 4, 2});
        TestInfra.produceEvents(new JobAccepted(id, T, "w-0", null),
                shardProgress(id, "w-1", 1, 3, 2, 4, 10),
                shardProgress(id, "w-0", 0, 3, 4, 4, 10),
                shardProgress(id, "w-2", 2, 3, 1, 2, 10),
                shardProgress(id, "w-1", 1, 3, 1, 4, 10), // late and lower: a shard never goes back
                shardProgress(id, "w-1", 1, 3, 4, 4, 10),
                shardProgress(id, "w-2", 2, 3, 2, 2, 10),
                job.completed());
        TestInfra.Result r = TestInfra.run("watch", id, "--timeout", "20s");

        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertEquals(List.of(
                "accepted   by w-0 at 2025-06-01T12:00:00Z",
                "progress   [######------------------------]  2/10  20%  bulk, 0/3 shards done",
                "progress   [##################------------]  6/10  60%  bulk, 1/3 shards done",
                "progress   [#####################---------]  7/10  70%  bulk, 1/3 shards done",
                "progress   [#####################---------]  7/10  70%  bulk, 1/3 shards done",
                "progress   [###########################---]  9/10  90%  bulk, 2/3 shards done",
                "progress   [##############################] 10/10 100%  bulk, 3/3 shards done",
                "completed  10 images in 3 shards (bulk; manifest jobs/" + id + "/manifest.json sha256 "
                        + job.manifestSha256 + "), model m v1, queued 5 ms, compute 900 ms, total 1000 ms"),
                r.out().lines().toList(), r.toString());
    }

    @Test
    void statusShowsBulkImagesAndShardsFromTheEventsAndFromTheApiState() throws Exception {
        String id = "b-status-" + UUID.randomUUID();
        TestInfra.produceEvents(new JobAccepted(id, T, "w-0", null),
                shardProgress(id, "w-2", 2, 3, 2, 2, 10),
                shardProgress(id, "w-0", 0, 3, 3, 4, 10));
        TestInfra.Result running = TestInfra.run("status", id);
        assertEquals(ExitCodes.OK, running.code(), running.toString());
        List<String> lines = running.out().lines().toList();
        assertEquals("job " + id + ": running 5/10 (worker w-0)", lines.get(0), running.toString());
        assertEquals("  bulk job: 5/10 images, 1/3 shards", lines.get(1), running.toString());
        assertTrue(lines.get(3).endsWith("shard #2 of 3, job 10 images"), running.toString());

        TestInfra.produceEvents(new JobCompleted(id, T, "w-0", null, List.of(), ObjectKeys.jobManifestKey(id), "m", "v1",
                new Timings(1, 2, 3), "d".repeat(64), 10));
        TestInfra.Result done = TestInfra.run("status", id);
        assertEquals(ExitCodes.OK, done.code(), done.toString());
        assertEquals("  bulk job: 10/10 images, 3/3 shards, merged manifest sha256 " + "d".repeat(64),
                done.out().lines().toList().get(1), done.toString());

        assertEquals(List.of("job j9: running 32/96 images (worker w-1)", "  bulk job: 32/96 images, 1/3 shards"),
                ApiStatusText.describe("j9", Json.mapper().readTree("""
                        {"jobId":"j9","status":"running","done":32,"total":96,"workerId":"w-1","shards":3,
                         "shardsDone":1,"shardProgress":[32,0,0]}""")));
        assertEquals(List.of("job j8: completed 96/96 images", "  bulk job: 96/96 images, 3/3 shards",
                        "  model fashion v3, 96 images, merged manifest jobs/j8/manifest.json sha256 " + "e".repeat(64)),
                ApiStatusText.describe("j8", Json.mapper().readTree("""
                        {"jobId":"j8","status":"completed","done":96,"total":96,"shards":3,"shardsDone":3,
                         "modelName":"fashion","modelVersion":"v3","manifestKey":"jobs/j8/manifest.json","objects":[],
                         "manifestSha256":"%s","objectCount":96}""".formatted("e".repeat(64)))));
    }

    @Test
    void fetchReadsTheMergedAndShardManifestsAndDownloadsAndVerifiesEveryImage() throws Exception {
        String id = "b-fetch-" + UUID.randomUUID();
        BulkJob job = putBulkJob(id, new int[] {3, 3, 2});
        TestInfra.produceEvents(job.completed());
        TestInfra.Result r = TestInfra.run("fetch", id, "--out", out.toString(), "--progress-every", "3",
                "--parallel", "3");

        assertEquals(ExitCodes.OK, r.code(), r.toString());
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(job.images.get(i), Files.readAllBytes(out.resolve(String.format("%06d.png", i))),
                    "image " + i);
        }
        assertArrayEquals(job.manifest, Files.readAllBytes(out.resolve("manifest.json")));
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(job.shardManifests.get(k), Files.readAllBytes(out.resolve(String.format("shards/%05d.json", k))));
        }
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("bulk job " + id + ": 8 images in 3 shards (merged manifest sha256 matches"
                + " the completed event)"), r.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  3/8 images, ")), r.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  6/8 images, ")), r.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  8/8 images, ")), r.toString());
        // A line per 3 images and the last; a slow machine may add a line every 2 s (DownloadProgressTest).
        assertTrue(lines.stream().filter(l -> l.startsWith("  ")).count() >= 3, "a line per 3 images and the last: " + r);
        assertTrue(lines.get(lines.size() - 1).startsWith("fetched 8 images of bulk job " + id + " from 3 shards ("
                + job.bytes() + " bytes, every sha256 verified; merged manifest sha256 matches the completed event)"),
                r.toString());

        TestInfra.Result fromEvent = TestInfra.run("fetch", id, "--out", out.resolve("again").toString(), "--from",
                "event", "-q");
        assertEquals(ExitCodes.OK, fromEvent.code(), fromEvent.toString());
        assertTrue(Files.exists(out.resolve("again/000007.png")), fromEvent.toString());
        assertEquals(1, fromEvent.out().lines().count(), "quiet prints only the summary: " + fromEvent);
    }

    @Test
    void aCorruptedImageFailsWithVerifyFailedNamingItAndDeletesOnlyThatFile() throws Exception {
        String id = "b-corrupt-" + UUID.randomUUID();
        BulkJob job = putBulkJob(id, new int[] {3, 3});
        try (ObjectStore store = TestInfra.store()) {
            store.put(ObjectKeys.imageKey(id, 4), FetchCommandTest.png(99), ObjectKeys.PNG); // bytes changed after the fact
        }
        TestInfra.produceEvents(job.completed());
        TestInfra.Result r = TestInfra.run("fetch", id, "--out", out.toString());

        assertEquals(ExitCodes.VERIFY_FAILED, r.code(), r.toString());
        assertTrue(r.err().contains("job " + id + ": 1 of 6 images failed the SHA-256 check"), r.toString());
        assertTrue(r.err().contains("jobs/" + id + "/000004.png: expected sha256 "
                + Sha256.hex(job.images.get(4)) + ", downloaded " + Sha256.hex(FetchCommandTest.png(99))), r.toString());
        assertFalse(Files.exists(out.resolve("000004.png")), "the mismatching file must be deleted");
        assertTrue(Files.exists(out.resolve("000003.png")) && Files.exists(out.resolve("000005.png")), r.toString());
    }

    @Test
    void aTamperedMergedOrShardManifestFailsVerifyAndAMissingManifestIsNotFound() throws Exception {
        String id = "b-tamper-" + UUID.randomUUID();
        BulkJob job = putBulkJob(id, new int[] {2, 2});
        JobCompleted wrongSha = new JobCompleted(id, T, "w-0", null, List.of(), ObjectKeys.jobManifestKey(id), "m", "v1",
                new Timings(5, 900, 1000), "f".repeat(64), 4);
        TestInfra.produceEvents(wrongSha);
        TestInfra.Result merged = TestInfra.run("fetch", id, "--out", out.toString());
        assertEquals(ExitCodes.VERIFY_FAILED, merged.code(), merged.toString());
        assertTrue(merged.err().contains("jobs/" + id + "/manifest.json has sha256 " + job.manifestSha256
                + ", but the completed event says " + "f".repeat(64)), merged.toString());
        assertFalse(Files.exists(out.resolve("000000.png")), "nothing is downloaded under a wrong merged manifest");

        String id2 = "b-shard-" + UUID.randomUUID();
        BulkJob job2 = putBulkJob(id2, new int[] {2, 2});
        try (ObjectStore store = TestInfra.store()) {
            String original = new String(job2.shardManifests.get(1), StandardCharsets.UTF_8);
            String tampered = original.replace("\"modelName\":\"m\"", "\"modelName\":\"n\"");
            assertNotEquals(original, tampered, "the test changes the shard manifest");
            store.put(ObjectKeys.shardManifestKey(id2, 1), tampered.getBytes(StandardCharsets.UTF_8), ObjectKeys.JSON);
        }
        TestInfra.produceEvents(job2.completed());
        TestInfra.Result shard = TestInfra.run("fetch", id2, "--out", out.resolve("s").toString());
        assertEquals(ExitCodes.VERIFY_FAILED, shard.code(), shard.toString());
        assertTrue(shard.err().contains("shard manifest jobs/" + id2 + "/shards/00001.json has sha256 "), shard.toString());
        assertTrue(shard.err().contains("but the merged manifest lists " + job2.shardSha.get(1)), shard.toString());

        String id3 = "b-missing-" + UUID.randomUUID();
        TestInfra.produceEvents(new JobCompleted(id3, T, "w-0", null, List.of(), ObjectKeys.jobManifestKey(id3), "m",
                "v1", new Timings(1, 2, 3), "a".repeat(64), 4));
        TestInfra.Result missing = TestInfra.run("fetch", id3, "--out", out.resolve("m").toString(), "--from", "event");
        assertEquals(ExitCodes.NOT_FOUND, missing.code(), missing.toString());
        assertTrue(missing.err().contains("job " + id3 + " has no jobs/" + id3 + "/manifest.json"), missing.toString());
    }

    @Test
    void submitBulkSetsBulkTrueAllowsMoreThanTheSingleLimitAndRefusesGridAndPresignedUrls() throws Exception {
        String id = "b-dry-" + UUID.randomUUID();
        TestInfra.Result dry = TestInfra.run("submit generate", "--model", "m", "--count", "50000", "--seed", "3",
                "--bulk", "--job-id", id, "--dry-run");
        assertEquals(ExitCodes.OK, dry.code(), dry.toString());
        assertTrue(Json.mapper().readTree(dry.out()).path("bulk").asBoolean(false), dry.toString());
        GenerateJob job = (GenerateJob) ContractValidator.shared().parseJobRequest(dry.out());
        assertTrue(job.bulkRequested());
        assertEquals(50_000, job.count());

        TestInfra.Result single = TestInfra.run("submit generate", "--model", "m", "--count", "50000", "--seed", "3",
                "--job-id", id, "--dry-run");
        assertEquals(ExitCodes.INVALID_INPUT, single.code(), single.toString());
        assertTrue(single.err().contains("--count 50000 is over the 4096 images of one job (contract: /count maximum):"
                + " add --bulk"), single.toString());

        TestInfra.Result grid = TestInfra.run("submit generate", "--model", "m", "--count", "100", "--bulk", "--grid",
                "--job-id", id);
        assertEquals(ExitCodes.INVALID_INPUT, grid.code(), grid.toString());
        assertTrue(grid.err().contains("--grid cannot be combined with --bulk"), grid.toString());

        TestInfra.Result urls = TestInfra.run("submit generate", "--model", "m", "--count", "100", "--bulk",
                "--presigned-urls", "--job-id", id);
        assertEquals(ExitCodes.INVALID_INPUT, urls.code(), urls.toString());
        assertTrue(urls.err().contains("--presigned-urls cannot be combined with --bulk"), urls.toString());
        assertEquals(List.of(), TestInfra.records(Topics.JOBS, id), "nothing may be sent");
    }

    @Test
    void submitBulkWithOutWatchesTheShardsAndFetchesEveryImage() throws Exception {
        String id = "b-submit-" + UUID.randomUUID();
        Path dir = out.resolve("job");
        CompletableFuture<TestInfra.Result> submit = CompletableFuture.supplyAsync(() -> TestInfra.run("submit generate",
                "--model", "m", "--count", "5", "--seed", "1", "--bulk", "--job-id", id, "--out", dir.toString(),
                "--timeout", "30s"));
        BulkJob job = putBulkJob(id, new int[] {3, 2});
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<String> sent = List.of();
        while (sent.isEmpty() && System.nanoTime() < deadline) {
            sent = TestInfra.records(Topics.JOBS, id).stream().map(rec -> rec.value()).toList();
        }
        assertEquals(1, sent.size(), "the request is on " + Topics.JOBS);
        assertTrue(((GenerateJob) ContractValidator.shared().parseJobRequest(sent.get(0))).bulkRequested(), sent.get(0));
        TestInfra.produceEvents(new JobAccepted(id, T, "w-0", null),
                shardProgress(id, "w-1", 1, 2, 2, 2, 5),
                shardProgress(id, "w-0", 0, 2, 3, 3, 5),
                job.completed());
        TestInfra.Result r = submit.get(60, TimeUnit.SECONDS);

        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertTrue(r.out().contains("progress   [############------------------] 2/5  40%  bulk, 1/2 shards done"),
                r.toString());
        assertTrue(r.out().contains("progress   [##############################] 5/5 100%  bulk, 2/2 shards done"),
                r.toString());
        assertTrue(r.out().contains("completed  5 images in 2 shards (bulk;"), r.toString());
        assertTrue(r.out().contains("fetched 5 images of bulk job " + id + " from 2 shards"), r.toString());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(job.images.get(i), Files.readAllBytes(dir.resolve(String.format("%06d.png", i))));
        }
    }

    @Test
    void watchLinesShowTheWholeBulkJobFromTheSharedFold() {
        JobState state = null;
        state = JobStateFold.apply(state, shardProgress("j", "w", 1, 2, 3, 3, 7));
        state = JobStateFold.apply(state, shardProgress("j", "w", 0, 2, 2, 4, 7));
        JobProgress late = shardProgress("j", "w", 1, 2, 1, 3, 7);
        state = JobStateFold.apply(state, late);
        assertEquals(5, state.done());
        assertEquals(7, state.total());
        assertEquals(2, state.shards());
        assertEquals(1, state.shardsDone());
        assertEquals("progress   " + ProgressBar.render(5, 7, EventText.BAR_WIDTH) + "  bulk, 1/2 shards done",
                EventText.describe(late, state), "a shard's late, lower report does not move the job back");
        assertEquals("bulk job: 5/7 images, 1/2 shards", StateText.bulkSummary(state));
    }

    static JobProgress shardProgress(String id, String worker, int index, int count, int done, int total, int jobTotal) {
        return new JobProgress(id, T, worker, null, done, total, new JobProgress.ShardProgress(index, count, jobTotal));
    }

    /** What {@link #putBulkJob} stored. */
    record BulkJob(String jobId, List<byte[]> images, List<byte[]> shardManifests, List<String> shardSha,
                   byte[] manifest, String manifestSha256, int count) {

        /** The one completed event a worker writes after the merged manifest. */
        JobCompleted completed() {
            return new JobCompleted(jobId, T, "w-0", null, List.of(), ObjectKeys.jobManifestKey(jobId), "m", "v1",
                    new Timings(5, 900, 1000), manifestSha256, count);
        }

        long bytes() {
            return images.stream().mapToLong(b -> b.length).sum();
        }
    }

    /**
     * Stores a bulk job as the workers do: the images, a shard manifest per shard (sizes {@code sizes}, written by
     * worker {@code w-k}), then the merged manifest listing each shard manifest with its sha256.
     */
    static BulkJob putBulkJob(String id, int[] sizes) {
        int count = java.util.Arrays.stream(sizes).sum();
        List<byte[]> images = new ArrayList<>();
        List<byte[]> shardManifests = new ArrayList<>();
        List<String> shardSha = new ArrayList<>();
        List<JobManifest.ShardEntry> entries = new ArrayList<>();
        GenerateJob request = new GenerateJob(id, T, null, null, null, new ModelRef("m", "v1"), count, 1, null, null,
                Boolean.TRUE);
        try (ObjectStore store = TestInfra.store()) {
            int from = 0;
            for (int k = 0; k < sizes.length; k++) {
                List<StoredObject> objects = new ArrayList<>();
                for (int i = from; i < from + sizes[k]; i++) {
                    byte[] png = FetchCommandTest.png(i + 10);
                    images.add(png);
                    ObjectDigest put = store.put(ObjectKeys.imageKey(id, i), png, ObjectKeys.PNG);
                    objects.add(StoredObject.of(put.key(), put.sha256(), put.size(), ObjectKeys.PNG));
                }
                ShardRange range = new ShardRange(k, sizes.length, from, from + sizes[k]);
                ShardManifest shard = ShardManifest.of(id, range, "m", "v1", objects, null);
                byte[] bytes = Json.write(shard).getBytes(StandardCharsets.UTF_8);
                ContractValidator.shared().parseShardManifest(new String(bytes, StandardCharsets.UTF_8));
                ObjectDigest put = store.put(shard.key(), bytes, ObjectKeys.JSON);
                shardManifests.add(bytes);
                shardSha.add(put.sha256());
                entries.add(new JobManifest.ShardEntry(k, from, from + sizes[k],
                        StoredObject.of(put.key(), put.sha256(), put.size(), ObjectKeys.JSON)));
                from += sizes[k];
            }
            byte[] manifest = Json.write(JobManifest.bulk(request, "m", "v1", T, entries)).getBytes(StandardCharsets.UTF_8);
            ContractValidator.shared().parseJobManifest(new String(manifest, StandardCharsets.UTF_8));
            ObjectDigest put = store.put(ObjectKeys.jobManifestKey(id), manifest, ObjectKeys.JSON);
            return new BulkJob(id, images, shardManifests, shardSha, manifest, put.sha256(), count);
        }
    }
}
