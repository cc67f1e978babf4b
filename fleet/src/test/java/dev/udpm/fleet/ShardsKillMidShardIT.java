package dev.udpm.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.udpm.core.model.TinyModels;
import dev.udpm.embedded.EmbeddedKafka;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.TarShard;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.validation.ContractValidator;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code shards} bulk job whose worker process (the packaged worker jar, local profile) is killed with SIGKILL in
 * the middle of a job shard - after it stored some tars of that job shard and before its shard manifest - and a
 * second worker process that takes the job over on the same broker and S3 server. Checked:
 * <ul>
 *   <li>right after the kill, every tar object listed is whole: its bytes hash to the sha256 the worker stored with
 *       it and form a complete ustar archive with the expected sample count (no half tar is listed);</li>
 *   <li>the redelivered job shard rewrites its tars (a later last-modified) with byte-identical bytes;</li>
 *   <li>the merged manifest lists each job shard and each tar exactly once, every listed tar object is in it with its
 *       sha256, {@code index.jsonl} has every index once, and exactly one {@code completed} is sent.</li>
 * </ul>
 * Every tar is one PUT of its whole bytes, whatever its size (S3 stores a PUT whole or not at all); the one multipart
 * upload of a job, a bulk job's {@code index.jsonl} above 5 MiB, and the incomplete uploads a kill in its middle leaves
 * are covered by {@code worker/.../bulk/BulkShardsIncompleteUploadTest}. Short on purpose (640 tiny 32x32 images, two worker
 * start-ups, about a minute) so that it runs in CI.
 */
class ShardsKillMidShardIT {

    private static final String BUCKET = "udpm-shards-kill-it";
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final int JOB_SHARD = 64;
    private static final int PER_TAR = 8;
    private static final int COUNT = 640;

    private static Path dir;
    private static Path model;
    private static WorkerItInfra infra;
    private static EmbeddedKafka kafka;
    private static MinioClient minio;
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void infra() throws Exception {
        assertTrue(Files.isRegularFile(WorkerProcess.JAR),
                "build the worker first: ./mvnw -pl worker -am package -DskipTests");
        dir = Files.createTempDirectory("udpm-shards-kill-it-");
        model = dir.resolve("bundled-model");
        TinyModels.export(model, 1, "tiny", "bundled-1", 32, 1, 10);
        infra = WorkerItInfra.start(BUCKET);
        kafka = infra.kafka();
        minio = infra.minio();
        producer = infra.producer();
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void aWorkerKilledMidShardLeavesOnlyWholeTarsAndTheRedeliveryRewritesTheSameBytes() throws Exception {
        String id = "it-shards-kill-" + UUID.randomUUID();
        Process victim = startWorker("victim").process();
        producer.send(new ProducerRecord<>(Topics.JOBS, id, """
                {"type":"generate","jobId":"%s","submittedAt":"2025-01-31T12:00:00Z","model":{"name":"tiny"},
                 "count":%d,"seed":31,"classLabels":[0,1,2,3,4,5,6,7,8,9],"bulk":true,
                 "output":{"format":"shards","samplesPerShard":%d}}""".formatted(id, COUNT, PER_TAR))).get();

        // Kill as soon as a job shard has some but at most half of its tars and no shard manifest yet.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (partialJobShards(id, JOB_SHARD / PER_TAR / 2).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no job shard half written within " + WAIT);
            assertTrue(victim.isAlive(), "the victim exited; see " + dir.resolve("victim.log"));
            Thread.sleep(10);
        }
        victim.destroyForcibly();
        assertTrue(victim.waitFor(30, TimeUnit.SECONDS));

        Map<String, Item> atKill = tars(id);
        Set<Integer> partial = partialJobShards(id, JOB_SHARD / PER_TAR).keySet();
        assertFalse(partial.isEmpty(), "the victim was killed with a job shard partly written: " + atKill.keySet());
        Map<String, byte[]> bytesAtKill = new TreeMap<>();
        for (String key : atKill.keySet()) {
            byte[] bytes = get(key);
            int first = first(key);
            int expected = Math.min(PER_TAR, Math.min(COUNT, (first / JOB_SHARD + 1) * JOB_SHARD) - first);
            assertWholeTar(key, bytes, expected);
            assertEquals(sha256(bytes), storedSha256(key), "a listed tar hashes to the sha256 stored with it: " + key);
            bytesAtKill.put(key, bytes);
        }
        System.out.printf("killed the worker with %d tars stored; job shards partly written: %s%n", atKill.size(),
                partial);

        startWorker("survivor");
        List<JobEvent> events = awaitTerminal(id);
        List<JobCompleted> completed = events.stream().filter(JobCompleted.class::isInstance)
                .map(JobCompleted.class::cast).toList();
        assertEquals(1, completed.size(), "one completed: " + events.stream().map(JobEvent::eventType).toList());
        assertEquals(COUNT, completed.get(0).objectCount());

        JobManifest merged = ContractValidator.shared().parseJobManifest(new String(get(ObjectKeys.jobManifestKey(id)),
                StandardCharsets.UTF_8));
        assertNotNull(merged.tarShards(), "the merged manifest lists the tars");
        assertEquals(COUNT / JOB_SHARD, merged.shards().size(), "each job shard once");
        assertEquals(COUNT / JOB_SHARD, merged.shards().stream().map(s -> s.manifest().key()).distinct().count());
        assertEquals(COUNT / PER_TAR, merged.tarShards().size(), "each tar once");
        Map<String, TarShard> listed = new TreeMap<>();
        int next = 0;
        for (TarShard tar : merged.tarShards()) {
            assertEquals(next, tar.first(), "tars in index order, no gap or repeat");
            next += tar.count();
            listed.put(tar.key(), tar);
        }
        assertEquals(COUNT, next);

        Map<String, Item> stored = tars(id);
        assertEquals(listed.keySet(), stored.keySet(), "every stored tar is in the merged manifest and vice versa");
        int rewritten = 0;
        for (TarShard tar : listed.values()) {
            byte[] bytes = get(tar.key());
            assertEquals(tar.sha256(), sha256(bytes), "sha256 of " + tar.key());
            assertWholeTar(tar.key(), bytes, tar.count());
            if (bytesAtKill.containsKey(tar.key())) {
                assertArrayEquals(bytesAtKill.get(tar.key()), bytes, "a tar stored before the kill has the same"
                        + " bytes after the job finished: " + tar.key());
                if (partial.contains(tar.first() / JOB_SHARD)) {
                    ZonedDateTime before = atKill.get(tar.key()).lastModified();
                    ZonedDateTime after = stored.get(tar.key()).lastModified();
                    assertTrue(after.isAfter(before), "the redelivered job shard rewrote " + tar.key() + " ("
                            + before + " -> " + after + ")");
                    rewritten++;
                }
            }
        }
        assertTrue(rewritten > 0, "some tar of the interrupted job shard was rewritten");

        String index = new String(get(ObjectKeys.indexKey(id)), StandardCharsets.UTF_8);
        Set<Integer> indexes = new TreeSet<>();
        index.lines().forEach(line -> {
            try {
                assertTrue(indexes.add(Json.mapper().readTree(line).get("index").asInt()), "index once: " + line);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(COUNT, indexes.size());
        System.out.printf("%d tars of the interrupted job shard(s) rewritten byte-identical; %d tars, %d job shards"
                + " listed once%n", rewritten, listed.size(), merged.shards().size());
    }

    // ------------------------------------------------------------------ helpers

    private static WorkerProcess startWorker(String name) throws Exception {
        WorkerProcess worker = infra.startWorker(WorkerProcess.JAR, dir, name, "512m", WorkerProcess.FAST_REBALANCE,
                Map.of("UDPM_WORKER_MODELS_BUNDLED_DIR", model.toString(),
                        "UDPM_WORKER_JOBS_SHARD_SIZE", Integer.toString(JOB_SHARD)));
        worker.awaitReady(WAIT);
        return worker;
    }

    /** Job shards with at least one and at most {@code maxTars} tars stored and no shard manifest: index -> tars. */
    private static Map<Integer, Integer> partialJobShards(String id, int maxTars) {
        Map<Integer, Integer> tarsByJobShard = new TreeMap<>();
        List<String> keys = keys(ObjectKeys.jobPrefix(id));
        for (String key : keys) {
            if (key.startsWith(ObjectKeys.tarPrefix(id))) {
                tarsByJobShard.merge(first(key) / JOB_SHARD, 1, Integer::sum);
            }
        }
        tarsByJobShard.keySet().removeIf(k -> keys.contains(ObjectKeys.shardManifestKey(id, k)));
        tarsByJobShard.values().removeIf(n -> n > maxTars);
        return tarsByJobShard;
    }

    private static int first(String tarKey) {
        String name = tarKey.substring(tarKey.lastIndexOf('/') + 1);
        return Integer.parseInt(name.substring(0, name.length() - ".tar".length()));
    }

    private static List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket(BUCKET).prefix(prefix)
                .recursive(true).build())) {
            try {
                keys.add(item.get().objectName());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return keys;
    }

    private static Map<String, Item> tars(String id) throws Exception {
        Map<String, Item> tars = new TreeMap<>();
        for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket(BUCKET)
                .prefix(ObjectKeys.tarPrefix(id)).recursive(true).build())) {
            tars.put(item.get().objectName(), item.get());
        }
        return tars;
    }

    /** A complete ustar archive: 512-byte blocks, {@code samples} .png members, two zero blocks at the end. */
    private static void assertWholeTar(String key, byte[] bytes, int samples) {
        assertEquals(0, bytes.length % 512, key + ": whole 512-byte blocks");
        assertTrue(bytes.length >= 1024, key);
        for (int i = bytes.length - 1024; i < bytes.length; i++) {
            assertEquals(0, bytes[i], key + ": ends with two zero blocks");
        }
        int pngs = 0;
        int offset = 0;
        while (offset + 512 <= bytes.length - 1024) {
            String name = new String(bytes, offset, 100, StandardCharsets.US_ASCII).replace("\0", "");
            assertEquals("ustar", new String(bytes, offset + 257, 5, StandardCharsets.US_ASCII), key + ": " + name);
            long size = Long.parseLong(new String(bytes, offset + 124, 11, StandardCharsets.US_ASCII).trim(), 8);
            if (name.endsWith(".png")) {
                pngs++;
            }
            offset += 512 + (int) ((size + 511) / 512 * 512);
        }
        assertEquals(bytes.length - 1024, offset, key + ": members end where the end blocks begin");
        assertEquals(samples, pngs, key + ": samples in the tar");
    }

    private static String storedSha256(String key) throws Exception {
        return minio.statObject(io.minio.StatObjectArgs.builder().bucket(BUCKET).object(key).build()).userMetadata()
                .entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("sha256")).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private static byte[] get(String key) throws Exception {
        try (var in = minio.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static List<JobEvent> awaitTerminal(String id) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (KafkaConsumer<String, String> consumer = JobEventLog.fromStart(kafka.bootstrapServers(), Map.of())) {
            List<JobEvent> events = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                events.addAll(JobEventLog.poll(consumer, id, Duration.ofMillis(200)));
                if (events.stream().anyMatch(JobEvent::terminal)) {
                    try {
                        Thread.sleep(3000); // a second completed would be sent right after the first
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    events.addAll(JobEventLog.poll(consumer, id, Duration.ofMillis(500)));
                    return events;
                }
            }
            throw new AssertionError("job " + id + " not finished within " + WAIT + ": "
                    + events.stream().map(JobEvent::eventType).toList());
        }
    }
}
