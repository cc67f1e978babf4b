package dev.udpm.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.udpm.embedded.EmbeddedKafka;
import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.embedded.UdpmTopics;
import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.Timings;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.validation.ContractValidator;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The non-Java clients of deploy/local/ against the real broker and S3: {@code kcat-demo.sh} (Debian kcat) submits a
 * job a worker can parse and reads its result event; {@code s3cmd.sh} (Debian s3cmd) lists and downloads objects.
 * A stand-in worker thread answers the kcat job, so no worker build is needed. Needs {@code kcat} and {@code s3cmd}
 * on the PATH ({@code apt-get install -y kcat s3cmd}).
 */
class NonJavaClientsTest {

    static final Path HOME = Path.of(System.getProperty("udpm.home", "..")).toAbsolutePath().normalize();
    static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void broker() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(UdpmTopics.specs());
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void kcatDemoSubmitsAValidJobWithCloudEventHeadersAndExitsZeroOnItsCompletedEvent() throws Exception {
        String jobId = "kcat-ok-" + System.nanoTime();
        CompletableFuture<GenerateJob> worker = CompletableFuture.supplyAsync(() -> answer(jobId, true));
        Result r = runScript("kcat-demo.sh", Map.of("JOB_ID", jobId, "TIMEOUT", "60"), "tiny", "3", "7");
        GenerateJob job = worker.get(60, TimeUnit.SECONDS);
        assertEquals(3, job.count());
        assertEquals(7L, job.seed());
        assertEquals("tiny", job.model().name());
        assertEquals(java.util.List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), job.classLabels(),
                "the class-conditional default labels, used in turn");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("event: {\"type\":\"completed\",\"jobId\":\"" + jobId + "\""), r.toString());
        assertTrue(r.out().contains("job " + jobId + " completed"), r.toString());
    }

    @Test
    void kcatDemoExitsOneOnAFailedEvent() throws Exception {
        String jobId = "kcat-fail-" + System.nanoTime();
        CompletableFuture<GenerateJob> worker = CompletableFuture.supplyAsync(() -> answer(jobId, false));
        Result r = runScript("kcat-demo.sh", Map.of("JOB_ID", jobId, "TIMEOUT", "60"), "tiny", "2", "1", "");
        assertEquals(null, worker.get(60, TimeUnit.SECONDS).classLabels(), "LABELS '' sends none");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("\"type\":\"failed\"") && r.out().contains("MODEL_NOT_FOUND"), r.toString());
        assertEquals(2, runScript("kcat-demo.sh", Map.of()).code(), "no model name is a usage error");
    }

    @Test
    void s3cmdWrapperListsAndDownloadsTheObjectsOfAJob() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.startFilesystem(dir.resolve("s3"), 0, "s3cmd-key", "s3cmd-secret")) {
            s3.createBucket("udpm");
            MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).region("us-east-1")
                    .credentials(s3.accessKey(), s3.secretKey()).build();
            byte[] image = "png bytes".getBytes(StandardCharsets.UTF_8);
            byte[] grid = "grid bytes".getBytes(StandardCharsets.UTF_8);
            for (Map.Entry<String, byte[]> e : Map.of("jobs/j1/000000.png", image, "jobs/j1/grid.png", grid).entrySet()) {
                client.putObject(PutObjectArgs.builder().bucket("udpm").object(e.getKey())
                        .stream(new ByteArrayInputStream(e.getValue()), e.getValue().length, -1).build());
            }
            Map<String, String> env = Map.of("UDPM_S3_ENDPOINT", s3.endpoint(), "UDPM_S3_ACCESS_KEY", s3.accessKey(),
                    "UDPM_S3_SECRET_KEY", s3.secretKey());
            Result ls = runScript("s3cmd.sh", env, "ls", "s3://udpm/jobs/j1/");
            assertEquals(0, ls.code(), ls.toString());
            assertTrue(ls.out().contains("s3://udpm/jobs/j1/000000.png") && ls.out().contains("s3://udpm/jobs/j1/grid.png"),
                    ls.toString());
            Path out = dir.resolve("out/j1");
            Result sync = runScript("s3cmd.sh", env, "sync", "s3://udpm/jobs/j1/", out + "/");
            assertEquals(0, sync.code(), sync.toString());
            assertArrayEquals(image, Files.readAllBytes(out.resolve("000000.png")));
            assertArrayEquals(grid, Files.readAllBytes(out.resolve("grid.png")));

            Result denied = runScript("s3cmd.sh", Map.of("UDPM_S3_ENDPOINT", s3.endpoint()), "ls", "s3://udpm/");
            assertTrue(denied.code() != 0, "wrong keys must be refused: " + denied);
        }
    }

    /** The stand-in worker: reads the job from udpm.jobs, checks it as the worker would, answers on udpm.job-events. */
    private static GenerateJob answer(String jobId, boolean complete) {
        ConsumerRecord<String, String> record = await(Topics.JOBS, jobId);
        assertEquals(CloudEvents.TYPE_JOB_REQUEST, header(record, CloudEvents.HEADER_TYPE));
        assertEquals(CloudEvents.SPEC_VERSION, header(record, CloudEvents.HEADER_SPEC_VERSION));
        assertEquals(CloudEvents.CONTENT_TYPE_JSON, header(record, CloudEvents.HEADER_CONTENT_TYPE));
        Instant.parse(header(record, CloudEvents.HEADER_TIME));
        assertEquals(36, header(record, CloudEvents.HEADER_ID).length());
        GenerateJob job = (GenerateJob) ContractValidator.shared().parseJobRequest(record.value());
        Instant t = Instant.now();
        JobEvent end = complete
                ? new JobCompleted(jobId, t, "stand-in", null, List.of(StoredObject.of(ObjectKeys.imageKey(jobId, 0),
                        "a".repeat(64), 10, ObjectKeys.PNG)), ObjectKeys.jobManifestKey(jobId), "tiny", "v1",
                        new Timings(1, 2, 3))
                : new JobFailed(jobId, t, "stand-in", null, FailureCode.MODEL_NOT_FOUND, "no model tiny", "/model/name");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, jobId, Json.write(new JobAccepted(jobId, t, "stand-in",
                    null))));
            producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, jobId, Json.write(end)));
            producer.flush();
        }
        return job;
    }

    private static ConsumerRecord<String, String> await(String topic, String key) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no record with key " + key + " on " + topic);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var h = record.headers().lastHeader(name);
        if (h == null) {
            throw new AssertionError("header " + name + " missing on " + record);
        }
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    private Result runScript(String script, Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", HOME.resolve("deploy/local").resolve(script)
                .toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
        builder.environment().put("UDPM_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        builder.environment().putAll(env);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(script + " did not finish:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    record Result(int code, String out) {
    }
}
