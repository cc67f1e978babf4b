package dev.udpm.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.core.model.TinyModels;
import dev.udpm.embedded.EmbeddedKafka;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.Lineage;
import dev.udpm.schemas.job.ShardManifest;
import dev.udpm.schemas.validation.ContractValidator;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.messages.Item;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Bulk jobs on TWO real worker processes (the packaged worker jar, local profile) sharing ONE real broker
 * ({@code udpm.jobs} with 4 partitions) and ONE S3 server, with a tiny bundled model and shards of 8 images:
 * <ol>
 *   <li>{@code GET /v1/jobs/{id}} answers identically on both workers;</li>
 *   <li>a bulk job is shared by both (each stored some shard manifests) and completes with exactly one
 *       {@code completed};</li>
 *   <li>a cancel during a bulk job stops the shards on both workers, with no merged manifest and no completed;</li>
 *   <li>one worker killed (SIGKILL) mid-job: the other finishes it, and every image is byte-identical to a single
 *       (non-bulk) job of the same content run afterwards.</li>
 * </ol>
 * Run: {@code ./mvnw -pl worker install -DskipTests && ./mvnw -pl fleet verify}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BulkJobTwoWorkersIT {

    private static final String BUCKET = "udpm-bulk-it";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int SHARD_SIZE = 8;

    private static Path dir;
    private static WorkerItInfra infra;
    private static EmbeddedKafka kafka;
    private static MinioClient minio;
    private static KafkaProducer<String, String> producer;
    private static final List<WorkerProcess> WORKERS = new ArrayList<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void infraAndTwoWorkers() throws Exception {
        Path jar = WorkerProcess.JAR;
        assertTrue(Files.isRegularFile(jar), "build the worker first: ./mvnw -pl worker install -DskipTests");
        dir = Files.createTempDirectory("udpm-bulk-it-");
        Path model = dir.resolve("bundled-model");
        TinyModels.export(model, 1, "tiny", "bundled-1", 32, 1, 10);
        infra = WorkerItInfra.start(BUCKET);
        kafka = infra.kafka();
        minio = infra.minio();
        producer = infra.producer();
        WORKERS.add(startWorker(jar, model, "worker-a"));
        WORKERS.add(startWorker(jar, model, "worker-b"));
        infra.awaitWorkersReadyInGroup(WAIT, WAIT);
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    @Order(1)
    void statusIsAnsweredIdenticallyByBothWorkers() {
        String id = "it-status-" + UUID.randomUUID();
        send(id, generate(id, 4, 3, false));
        awaitEvents(id, events -> events.stream().anyMatch(JobEvent::terminal));
        TestFleets.await(() -> {
            String a = status(WORKERS.get(0), id);
            String b = status(WORKERS.get(1), id);
            return a != null && a.equals(b) && a.contains("\"completed\"");
        }, Duration.ofSeconds(30), "GET /v1/jobs/" + id + " answers the same completed state on both workers: "
                + status(WORKERS.get(0), id) + " vs " + status(WORKERS.get(1), id));
    }

    @Test
    @Order(2)
    void aBulkJobIsSharedByBothWorkersAndCompletesOnce() throws Exception {
        String id = "it-bulk-" + UUID.randomUUID();
        int count = 400;
        long t0 = System.nanoTime();
        send(id, generate(id, count, 21, true));
        List<JobEvent> events = awaitEvents(id, all -> all.stream().anyMatch(JobEvent::terminal));
        double seconds = (System.nanoTime() - t0) / 1e9;
        JobCompleted completed = onlyCompleted(events);
        assertEquals(count, completed.objectCount());

        Map<String, String> shas = bulkImageShas(id);
        Map<String, Integer> shardsByWorker = shardsByWorker(events);
        assertEquals(count, shas.size(), "the shard manifests list every image once");
        JobManifest merged = ContractValidator.shared().parseJobManifest(new String(get(ObjectKeys.jobManifestKey(id)),
                StandardCharsets.UTF_8));
        assertNotNull(merged.lineage(), "the merged manifest records lineage (shard 0's)");
        assertEquals(merged.lineage(), completed.lineage(), "the completed event repeats the merged manifest's lineage");
        assertEquals(Lineage.requestSha256(merged.request()), merged.lineage().requestSha256());
        assertEquals(List.of(21L), merged.lineage().seeds());
        assertEquals("bundled-1", merged.lineage().model().version());
        System.out.printf("bulk job of %d images in %d shards: %.1f s, shards per worker %s%n", count,
                count / SHARD_SIZE, seconds, shardsByWorker);
        assertEquals(2, shardsByWorker.size(), "both workers ran shards: " + shardsByWorker);
        Map<String, Long> progressByWorker = new TreeMap<>();
        events.stream().filter(e -> e instanceof JobProgress p && p.shard() != null)
                .forEach(e -> progressByWorker.merge(e.workerId(), 1L, Long::sum));
        System.out.println("shard progress events per worker: " + progressByWorker);

        Thread.sleep(3000);
        assertEquals(1, currentEvents(id).stream().filter(JobCompleted.class::isInstance).count(),
                "exactly one completed event after every shard-done was handled");
        TestFleets.await(() -> {
            String a = status(WORKERS.get(0), id);
            return a != null && a.equals(status(WORKERS.get(1), id)) && a.contains("\"completed\"")
                    && a.contains("\"done\":" + count);
        }, Duration.ofSeconds(30), "both workers report the bulk job completed with done = " + count + ": "
                + status(WORKERS.get(0), id));
    }

    @Test
    @Order(3)
    void cancelDuringABulkJobStopsBothWorkersWithoutAMergedManifest() throws Exception {
        String id = "it-bulk-cancel-" + UUID.randomUUID();
        int count = 20_000;
        send(id, generate(id, count, 5, true));
        awaitEvents(id, all -> all.stream().filter(e -> e instanceof JobProgress).map(JobEvent::workerId)
                .distinct().count() == 2);

        HttpResponse<String> cancel = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + WORKERS.get(1).port() + "/v1/jobs/" + id)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, cancel.statusCode(), cancel.body());
        List<JobEvent> events = awaitEvents(id, all -> all.stream().anyMatch(JobEvent::terminal));
        assertEquals("cancelled", events.stream().filter(JobEvent::terminal).findFirst().orElseThrow().eventType());
        int atCancel = images(id);
        long settleStart = System.nanoTime();
        int settled = awaitSettled(id);
        System.out.printf("cancel: %d images when cancelled, %d once settled (%.1f s), of %d%n", atCancel, settled,
                (System.nanoTime() - settleStart) / 1e9, count);
        assertTrue(settled < count / 2, "the shards stopped: " + settled + " of " + count + " images stored");
        // Each worker finishes at most its running chain call and the computed batches waiting for storage
        // (max-pending-output-batches 4) of at most 16 images; 8 batches per worker leaves room for the status lag.
        assertTrue(settled - atCancel <= 2 * 8 * 16, "both workers stopped within a few batches of the cancel: "
                + (settled - atCancel) + " images stored after it");
        assertFalse(exists(ObjectKeys.jobManifestKey(id)), "a cancelled bulk job gets no merged manifest");
        assertTrue(currentEvents(id).stream().noneMatch(JobCompleted.class::isInstance),
                "a cancelled bulk job gets no completed event");
    }

    @Test
    @Order(4)
    void aWorkerKilledMidJobLosesNothingAndTheOtherFinishesWithIdenticalBytes() throws Exception {
        String id = "it-bulk-kill-" + UUID.randomUUID();
        // 100 shards of 8: the kill lands after the victim's 10th shard progress, i.e. at about a fifth of the job.
        int count = 800;
        send(id, generate(id, count, 99, true));
        WorkerProcess victim = WORKERS.get(1);
        awaitEvents(id, all -> all.stream().filter(e -> e instanceof JobProgress p && p.shard() != null
                && victim.id().equals(p.workerId())).count() >= 10);
        int before = images(id);
        victim.process().destroyForcibly().waitFor();
        System.out.printf("killed %s with %d of %d images stored%n", victim.id(), before, count);

        List<JobEvent> events = awaitEvents(id, all -> all.stream().anyMatch(JobEvent::terminal));
        JobCompleted completed = onlyCompleted(events);
        assertEquals(count, completed.objectCount());
        Map<String, String> bulk = bulkImageShas(id);
        System.out.println("after the kill, shards per worker: " + shardsByWorker(events));
        assertTrue(before < count, "the worker was killed mid-job");

        // Reference: the same content as a single job on the surviving worker (images do not depend on the jobId).
        String single = "it-single-" + UUID.randomUUID();
        send(single, generate(single, count, 99, false));
        JobCompleted reference = onlyCompleted(awaitEvents(single, all -> all.stream().anyMatch(JobEvent::terminal)));
        Map<String, String> expected = new TreeMap<>();
        for (StoredObject object : reference.objects()) {
            expected.put(fileName(object.key()), object.sha256());
        }
        assertEquals(expected, bulk, "every image of the interrupted bulk job is byte-identical to the single job's");
        String survivorLog = Files.readString(WORKERS.get(0).log());
        System.out.printf("the survivor resumed %d shards from images found and re-sent shard-done for %d finished"
                + " ones%n", survivorLog.lines().filter(l -> l.contains(id) && l.contains("resumes:")).count(),
                survivorLog.lines().filter(l -> l.contains(id) && l.contains("sending its shard-done again")).count());
    }

    // ------------------------------------------------------------------ helpers

    private static WorkerProcess startWorker(Path jar, Path model, String id) throws IOException {
        // A killed worker's partitions move to the other within seconds (FAST_REBALANCE).
        return infra.startWorker(jar, dir, id, "768m", WorkerProcess.FAST_REBALANCE,
                Map.of("UDPM_WORKER_MODELS_BUNDLED_DIR", model.toString(),
                        "UDPM_WORKER_JOBS_SHARD_SIZE", Integer.toString(SHARD_SIZE)));
    }

    private static String generate(String id, int count, long seed, boolean bulk) {
        return """
                {"type":"generate","jobId":"%s","submittedAt":"2025-01-31T12:00:00Z","model":{"name":"tiny"},
                 "count":%d,"seed":%d,"classLabels":[0,1,2,3,4,5,6,7,8,9]%s}"""
                .formatted(id, count, seed, bulk ? ",\"bulk\":true" : "");
    }

    private static void send(String key, String json) {
        try {
            producer.send(new ProducerRecord<>(Topics.JOBS, key, json)).get();
        } catch (Exception e) {
            throw new AssertionError("could not write to " + Topics.JOBS, e);
        }
    }

    /** {@code GET /v1/jobs/{id}} on {@code worker}, or null when it does not answer 200. */
    private static String status(WorkerProcess worker, String id) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + worker.port() + "/v1/jobs/" + id)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            JsonNode body = Json.mapper().readTree(response.body());
            return Json.mapper().writeValueAsString(body);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static JobCompleted onlyCompleted(List<JobEvent> events) {
        List<JobCompleted> completed = events.stream().filter(JobCompleted.class::isInstance)
                .map(JobCompleted.class::cast).toList();
        assertEquals(1, completed.size(), "exactly one completed: "
                + events.stream().map(JobEvent::eventType).toList());
        return completed.get(0);
    }

    /**
     * Shards finished per worker: the worker of each shard's last final progress event (done = total; the shard
     * manifest names no worker, so that every attempt of a shard writes the same bytes).
     */
    private static Map<String, Integer> shardsByWorker(List<JobEvent> events) {
        Map<Integer, String> finisher = new TreeMap<>();
        events.stream().filter(e -> e instanceof JobProgress p && p.shard() != null && p.done() == p.total())
                .map(JobProgress.class::cast).forEach(p -> finisher.put(p.shard().index(), p.workerId()));
        Map<String, Integer> byWorker = new TreeMap<>();
        finisher.values().forEach(worker -> byWorker.merge(worker, 1, Integer::sum));
        return byWorker;
    }

    /**
     * Reads the merged manifest and every shard manifest (checking both sha256s and every image's bytes) and returns
     * file name -> sha256 of every image.
     */
    private static Map<String, String> bulkImageShas(String id) throws Exception {
        byte[] mergedBytes = get(ObjectKeys.jobManifestKey(id));
        JobManifest merged = ContractValidator.shared().parseJobManifest(new String(mergedBytes,
                StandardCharsets.UTF_8));
        assertNotNull(merged.shards(), "a bulk manifest lists its shards");
        Map<String, String> shas = new TreeMap<>();
        for (JobManifest.ShardEntry entry : merged.shards()) {
            byte[] bytes = get(entry.manifest().key());
            assertEquals(entry.manifest().sha256(), sha256(bytes), "sha256 of " + entry.manifest().key());
            ShardManifest shard = ContractValidator.shared().parseShardManifest(new String(bytes,
                    StandardCharsets.UTF_8));
            assertNull(shard.workerId(), "a shard manifest names no worker (every attempt writes the same bytes)");
            assertNotNull(shard.lineage(), "every shard manifest records the lineage of the worker that ran it");
            assertEquals(Lineage.requestSha256(merged.request()), shard.lineage().requestSha256(),
                    "a shard's request hash is its job's");
            for (StoredObject object : shard.objects()) {
                assertEquals(object.sha256(), sha256(get(object.key())), "bytes of " + object.key());
                shas.put(fileName(object.key()), object.sha256());
            }
        }
        return shas;
    }

    private static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private static int awaitSettled(String id) throws InterruptedException {
        int last = -1;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            int now = images(id);
            if (now == last) {
                return now;
            }
            last = now;
            Thread.sleep(2000);
        }
        throw new AssertionError("the image count of " + id + " did not settle within " + WAIT);
    }

    private static int images(String id) {
        int n = 0;
        for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket(BUCKET)
                .prefix(ObjectKeys.jobPrefix(id)).build())) {
            try {
                if (item.get().objectName().endsWith(".png")) {
                    n++;
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return n;
    }

    private static byte[] get(String key) throws Exception {
        try (var in = minio.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static boolean exists(String key) {
        try {
            minio.statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The job's events so far, read from the start of udpm.job-events, once {@code done} holds. */
    private static List<JobEvent> awaitEvents(String id, Predicate<List<JobEvent>> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<JobEvent> events = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                events.addAll(JobEventLog.poll(consumer, id, Duration.ofMillis(200)));
                if (done.test(events)) {
                    return events;
                }
            }
            throw new AssertionError("job " + id + ": not within " + WAIT + "; events "
                    + events.stream().map(JobEvent::eventType).toList());
        }
    }

    private static List<JobEvent> currentEvents(String id) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            Set<TopicPartition> partitions = consumer.assignment();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<JobEvent> events = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                events.addAll(JobEventLog.poll(consumer, id, Duration.ofMillis(200)));
            }
            return events;
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        return JobEventLog.fromStart(kafka.bootstrapServers(),
                Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"));
    }
}
