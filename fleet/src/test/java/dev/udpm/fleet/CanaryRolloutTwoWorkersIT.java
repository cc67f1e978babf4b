package dev.udpm.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.core.model.TinyModels;
import dev.udpm.embedded.EmbeddedKafka;
import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.model.CanaryRouting;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.model.ModelRollout;
import dev.udpm.schemas.model.QualityGate;
import dev.udpm.schemas.validation.ContractValidator;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Canary and rollback on TWO real worker processes (the packaged worker jar, local profile) sharing ONE real broker
 * and ONE S3 server. Two tiny versions of model {@value #MODEL} are stored; {@code v1} is announced before the
 * workers start. Then, each as ONE record on {@code udpm.models}: a canary of {@code v2} for 50 % (every unpinned
 * job goes to the version {@link CanaryRouting} names for its jobId, on whichever worker runs it; a pinned job is not
 * routed), a rollback that drops the canary (every job after it runs on {@code v1}), a promote, and a rollback of the
 * latest to {@code v1}. The version is read from each completed event and its lineage.
 * Run: {@code ./mvnw -pl worker -am package -DskipTests && ./mvnw -pl fleet verify -Dit.test=CanaryRolloutTwoWorkersIT}.
 */
class CanaryRolloutTwoWorkersIT {

    private static final String BUCKET = "udpm-canary-it";
    private static final String MODEL = "tiny";
    /** Generous: on a loaded 2-core machine a worker process takes minutes to start. */
    private static final Duration STARTUP = Duration.ofMinutes(10);
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path dir;
    private static WorkerItInfra infra;
    private static EmbeddedKafka kafka;
    private static MinioClient minio;
    private static KafkaProducer<String, String> producer;
    private static final List<WorkerProcess> WORKERS = new ArrayList<>();
    private static ModelPublished v1;
    private static ModelPublished v2;

    @BeforeAll
    static void infraModelsAndTwoWorkers() throws Exception {
        Path jar = WorkerProcess.JAR;
        assertTrue(Files.isRegularFile(jar), "build the worker first: ./mvnw -pl worker -am package -DskipTests");
        dir = Files.createTempDirectory("udpm-canary-it-");
        infra = WorkerItInfra.start(BUCKET);
        kafka = infra.kafka();
        minio = infra.minio();
        producer = infra.producer();
        v1 = storeVersion("v1", 1);
        v2 = storeVersion("v2", 2);
        announce(v1);
        WORKERS.add(startWorker(jar, "worker-a"));
        WORKERS.add(startWorker(jar, "worker-b"));
        infra.awaitWorkersReadyInGroup(STARTUP, WAIT);
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void bothWorkersFollowACanaryItsRollbackAPromoteAndARollbackOfTheLatest() throws Exception {
        awaitOnBothWorkers("v1", null);
        ModelPublished canary = ModelRollout.canary(v1, v2, 50, QualityGate.DEFAULT, false);
        announce(canary);
        awaitOnBothWorkers("v1", "v2");

        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; expected.size() < 16; i++) {
            String id = "canary-" + i + "-" + UUID.randomUUID();
            expected.put(id, CanaryRouting.versionFor(canary, id));
        }
        assertTrue(expected.containsValue("v1") && expected.containsValue("v2"), "jobs for both versions: " + expected);
        String pinned = "pinned-" + UUID.randomUUID();
        while (CanaryRouting.toCanary(pinned, 50)) {
            pinned = "pinned-" + UUID.randomUUID();
        }
        Map<String, String> round1 = runJobs(expected, Map.of(pinned, "v2"));
        Map<String, Long> byWorker = new TreeMap<>();
        round1.values().forEach(w -> byWorker.merge(w, 1L, Long::sum));
        System.out.println("canary round: jobs per worker " + byWorker + ", versions " + count(expected));
        assertEquals(2, byWorker.size(), "both workers ran canary-routed jobs: " + byWorker);

        announce(ModelRollout.dropCanary(canary));
        awaitOnBothWorkers("v1", null);
        Map<String, String> afterRollback = new LinkedHashMap<>();
        expected.keySet().forEach(id -> afterRollback.put(id + "-again", "v1"));
        for (int i = 0; afterRollback.size() < 24; i++) {
            String id = "rolled-back-" + i + "-" + UUID.randomUUID();
            if (CanaryRouting.toCanary(id, 50)) {
                afterRollback.put(id, "v1"); // would have gone to v2 before the rollback
            }
        }
        runJobs(afterRollback, Map.of());

        ModelPublished promoted = ModelRollout.promote(canary, QualityGate.DEFAULT, false);
        announce(promoted);
        awaitOnBothWorkers("v2", null);
        Map<String, String> afterPromote = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            afterPromote.put("promoted-" + i + "-" + UUID.randomUUID(), "v2");
        }
        runJobs(afterPromote, Map.of());

        announce(ModelRollout.rollbackTo(promoted, v1));
        awaitOnBothWorkers("v1", null);
        Map<String, String> afterSecondRollback = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            afterSecondRollback.put("back-" + i + "-" + UUID.randomUUID(), "v1");
        }
        runJobs(afterSecondRollback, Map.of());
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, Long> count(Map<String, String> versions) {
        Map<String, Long> out = new TreeMap<>();
        versions.values().forEach(v -> out.merge(v, 1L, Long::sum));
        return out;
    }

    /**
     * Sends every job of {@code unpinned} (jobId to expected version) unpinned and every one of {@code pinnedTo}
     * pinned to its version, waits for each one's completed event and checks the version in the event and its
     * lineage; returns jobId to the worker that completed it.
     */
    private static Map<String, String> runJobs(Map<String, String> unpinned, Map<String, String> pinnedTo)
            throws Exception {
        Map<String, String> all = new LinkedHashMap<>(unpinned);
        all.putAll(pinnedTo);
        unpinned.keySet().forEach(id -> send(id, generate(id, null)));
        pinnedTo.forEach((id, version) -> send(id, generate(id, version)));
        Map<String, JobCompleted> completed = awaitCompleted(all.keySet());
        Map<String, String> workers = new HashMap<>();
        all.forEach((id, version) -> {
            JobCompleted c = completed.get(id);
            assertEquals(version, c.modelVersion(), id + " ran on " + c.workerId());
            assertEquals(version, c.lineage().model().version(), id + ": the lineage names the version");
            assertEquals(MODEL, c.lineage().model().name());
            workers.put(id, c.workerId());
        });
        return workers;
    }

    private static String generate(String id, String version) {
        return """
                {"type":"generate","jobId":"%s","submittedAt":"2026-12-07T12:00:00Z","model":{"name":"%s"%s},
                 "count":2,"seed":7,"classLabels":[3]}"""
                .formatted(id, MODEL, version == null ? "" : ",\"version\":\"" + version + "\"");
    }

    /** Exports a tiny version and uploads every file, manifest.json last; returns its announcement. */
    private static ModelPublished storeVersion(String version, long seed) throws Exception {
        Path export = dir.resolve("export-" + version);
        TinyModels.export(export, seed, MODEL, version, 32, 1, 10);
        String prefix = ObjectKeys.modelPrefix(MODEL, version);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(export)) {
            files = walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString()
                    .equals(ModelManifest.FILE_NAME)).toList();
        }
        for (Path file : files) {
            upload(prefix + export.relativize(file).toString().replace('\\', '/'), file);
        }
        Path manifest = export.resolve(ModelManifest.FILE_NAME);
        upload(prefix + ModelManifest.FILE_NAME, manifest);
        return ModelRollout.storedVersion(MODEL, version, BUCKET, Files.readAllBytes(manifest));
    }

    private static void upload(String key, Path file) throws Exception {
        minio.uploadObject(UploadObjectArgs.builder().bucket(BUCKET).object(key).filename(file.toString()).build());
    }

    private static void announce(ModelPublished announcement) throws Exception {
        String json = Json.write(announcement);
        ContractValidator.shared().parseModelPublished(json);
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.MODELS, announcement.name(), json);
        record.headers().add("ce_type", CloudEvents.TYPE_MODEL_PUBLISHED.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    /** Waits until both workers list {@code latest} as the latest and {@code canary} (or none) as the canary. */
    private static void awaitOnBothWorkers(String latest, String canary) {
        for (WorkerProcess worker : WORKERS) {
            TestFleets.await(() -> {
                JsonNode models = models(worker);
                if (models == null) {
                    return false;
                }
                String seenLatest = null;
                String seenCanary = null;
                for (JsonNode m : models.isArray() ? models : models.path("models")) {
                    if (!MODEL.equals(m.path("name").asText())) {
                        continue;
                    }
                    if (m.path("latest").asBoolean()) {
                        seenLatest = m.path("version").asText();
                    }
                    if (m.hasNonNull("canaryPercent")) {
                        seenCanary = m.path("version").asText();
                    }
                }
                return latest.equals(seenLatest) && java.util.Objects.equals(canary, seenCanary);
            }, WAIT, worker.id() + " serves latest " + latest + " and canary " + canary + ": " + models(worker));
        }
    }

    private static JsonNode models(WorkerProcess worker) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + worker.port() + "/v1/models")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Json.mapper().readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static WorkerProcess startWorker(Path jar, String id) throws IOException {
        return infra.startWorker(jar, dir, id, "768m", List.of(),
                Map.of("UDPM_WORKER_MODELS_PACKAGED_DEFAULT", "false"));
    }

    private static void send(String key, String json) {
        try {
            producer.send(new ProducerRecord<>(Topics.JOBS, key, json)).get();
        } catch (Exception e) {
            throw new AssertionError("could not write to " + Topics.JOBS, e);
        }
    }

    /** The completed event of every job in {@code ids}, read from udpm.job-events; fails on a failed event. */
    private static Map<String, JobCompleted> awaitCompleted(java.util.Set<String> ids) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, JobCompleted> completed = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = JobEventLog.fromStart(kafka.bootstrapServers(), Map.of())) {
            while (System.nanoTime() < deadline && completed.size() < ids.size()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!ids.contains(record.key())) {
                        continue;
                    }
                    JobEvent event = ContractValidator.shared().parseJobEvent(record.value());
                    if (event instanceof JobCompleted c) {
                        completed.put(c.jobId(), c);
                    } else if (event.terminal()) {
                        throw new AssertionError(record.key() + " ended " + record.value());
                    }
                }
            }
        }
        assertEquals(ids.size(), completed.size(), "completed within " + WAIT + ": " + completed.keySet());
        return completed;
    }
}
