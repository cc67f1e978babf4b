package dev.udpm.worker.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.ShardDone;
import dev.udpm.worker.jobs.PipelineFixture;
import dev.udpm.worker.output.JobObjects;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The object-store requests of a {@code shards} bulk job beyond its tar PUTs, counted by the S3 server itself
 * ({@link EmbeddedS3#requestCount()}) and listed one by one by the client: the split, every job shard and the merge,
 * on one worker (splitter, pipeline and merge share one {@link JobObjects}, as in the worker). Issue 16 point 5 wants
 * at most 5 requests per 1,000 images; the tars are one per {@code samplesPerShard} images, so what a job costs beyond
 * them must stay a small fixed part per job and per job shard, not per image.
 */
class BulkShardsRequestBudgetTest {

    private static final String BUCKET = "bulk-budget-test";
    private static final List<String> REQUESTS = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final PipelineFixture FIXTURE = PipelineFixture.bucket(BUCKET).through(recordingRequests());

    /** A client adding every request it sends to {@link #REQUESTS}, job ids and numbers masked. */
    private static OkHttpClient recordingRequests() {
        return new OkHttpClient.Builder().addInterceptor(chain -> {
            okhttp3.Request request = chain.request();
            String path = request.url().encodedPath().replaceFirst("^/" + BUCKET + "/?", "");
            String prefix = request.url().queryParameter("prefix");
            String what = prefix != null ? "LIST " + prefix : request.method() + " " + path;
            REQUESTS.add(what.replaceAll("jobs/[^/]+/", "jobs/J/").replaceAll("\\d{5,}", "N"));
            return chain.proceed(request);
        }).build();
    }

    @Test
    void aShardsBulkJobCostsSevenRequestsPerJobAndFivePerJobShardBeyondItsTars() throws Exception {
        // 3 job shards of 8 images, tars of 4: 6 tars.
        Map<String, Integer> requests = run("budget-" + System.nanoTime(), 24, 8, 4);

        Map<String, Integer> expected = new TreeMap<>(Map.of(
                // the split: no merged manifest, no split yet, then the split
                "GET jobs/J/manifest.json", 2, "GET jobs/J/bulk.json", 1, "PUT jobs/J/bulk.json", 1,
                // per job shard: not finished before (at its start, and again before its manifest is written, so an
                // attempt that ran beside it is not overwritten), its tars, its manifest (with its samples), the
                // owner's count of the shard manifests at its shard-done, the merge reading it once
                "HEAD jobs/J/shards/N.json", 6, "PUT jobs/J/tar/N.tar", 6, "PUT jobs/J/shards/N.json", 3,
                "LIST jobs/J/shards/", 3, "GET jobs/J/shards/N.json", 3,
                // the merge: the job's incomplete multipart uploads listed (none here, so nothing aborted), the index
                // built from the shard manifests, uploaded once with its sha256; the manifest
                "LIST jobs/J/", 1, "PUT jobs/J/index.jsonl", 1));
        expected.put("PUT jobs/J/manifest.json", 1);
        assertEquals(expected, requests, "no index part per shard, no read-back of the index, no stat per tar or per"
                + " shard manifest, no listing of PNG keys for a shards job, bulk.json read once (by the splitter)");
    }

    /** Runs one bulk job and returns its requests by kind (method and key pattern). */
    private static Map<String, Integer> run(String jobId, int count, int shardSize, int perTar) throws Exception {
        JobObjects objects = new JobObjects(FIXTURE.store());
        try (OneWorkerBulkJob job = new OneWorkerBulkJob(objects, FIXTURE.registry(), shardSize, "budget-worker")) {
            GenerateJob request = OneWorkerBulkJob.shardsRequest(jobId, count, perTar);
            REQUESTS.clear();
            long before = FIXTURE.s3().requestCount();
            job.run(request);
            long counted = FIXTURE.s3().requestCount() - before;
            assertTrue(job.events.stream().anyMatch(e -> e instanceof JobCompleted && e.jobId().equals(jobId)),
                    "completed: " + job.events);
            List<String> seen = List.copyOf(REQUESTS);
            assertEquals(counted, seen.size(), "the server counted what the client sent: " + seen);
            System.out.println("requests in order: " + seen);
            int total = seen.size();
            ShardDone again = new ShardDone(jobId, job.tasks.get(0).shard(), objects.stored(
                    dev.udpm.schemas.ObjectKeys.shardManifestKey(jobId, 0)).orElseThrow(), "budget-worker",
                    Instant.now());
            total++;
            job.completion.onShardDone(again).toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertEquals(total, FIXTURE.s3().requestCount() - before, "a shard-done redelivered after the merge costs one stat"
                    + " (here, to build it) and nothing more: " + REQUESTS.subList(seen.size(), REQUESTS.size()));
            return seen.stream().collect(Collectors.toMap(r -> r, r -> 1, Integer::sum, TreeMap::new));
        }
    }
}
