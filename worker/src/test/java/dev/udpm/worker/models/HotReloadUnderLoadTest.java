package dev.udpm.worker.models;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.udpm.core.image.ImageCodec;
import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.math.Hwc;
import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.ModelLoader;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelStatus;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.storage.ObjectStore;
import dev.udpm.testsupport.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The hot-reload acceptance test: generate jobs flow continuously through the whole pipeline (udpm.jobs ->
 * worker -> object store + udpm.job-events) while two new versions and one corrupted version are published. Then:
 * no job failed; every job's manifest names the version whose weights made its images (each image is regenerated
 * locally with every version and must match the named one); the corrupted version was rejected and made nothing.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class HotReloadUnderLoadTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    /** One 8-bit quantisation step of [-1, 1], plus float slack: the tolerance of a regenerated pixel. */
    private static final double ONE_STEP = 2.0 / 255 + 1e-6;

    @Inject
    LoadedModels models;

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void jobsFlowWithoutFailureWhileVersionsAreSwappedAndACorruptedOneIsRejected() throws Exception {
        String name = "load-" + UUID.randomUUID().toString().substring(0, 8);
        ModelPublisher publisher = new ModelPublisher(store, bootstrapServers, Files.createTempDirectory("udpm-load-"));
        Map<String, Path> versions = new TreeMap<>();
        versions.put("v1", publisher.publish(name, "v1", 61));
        await().atMost(WAIT).until(() -> models.latestVersion(name), Optional.of("v1")::equals);

        List<String> jobIds = new ArrayList<>();
        AtomicBoolean submitting = new AtomicBoolean(true);
        Thread submitter = new Thread(() -> submitJobs(name, jobIds, submitting), "load-submitter");
        submitter.start();
        try {
            Thread.sleep(1500);
            versions.put("v2", publisher.publish(name, "v2", 62));
            await().atMost(WAIT).until(() -> models.latestVersion(name), Optional.of("v2")::equals);
            Thread.sleep(1000);

            Path probe = publisher.export(name + "-probe", "p", 1);
            String dataFile = ModelPublisher.manifestOf(probe).files().stream().map(ModelManifest.FileEntry::path)
                    .filter(p -> p.startsWith("variables/variables.data")).findFirst().orElseThrow();
            publisher.publishCorrupted(name, "v3", 63, dataFile);
            ModelStatus rejected = ModelStatusEvents.await(bootstrapServers, name,
                    s -> s.status() == ModelStatus.Status.REJECTED, WAIT);
            assertEquals("v3", rejected.version());
            assertTrue(rejected.reason().contains(dataFile), rejected.reason());
            assertEquals(Optional.of("v2"), models.latestVersion(name), "v2 keeps serving after v3 is rejected");
            Thread.sleep(1000);

            versions.put("v4", publisher.publish(name, "v4", 64));
            await().atMost(WAIT).until(() -> models.latestVersion(name), Optional.of("v4")::equals);
            Thread.sleep(1500);
        } finally {
            submitting.set(false);
            submitter.join();
        }

        Map<String, JobEvent> outcomes = awaitTerminalEvents(jobIds);
        List<String> failures = outcomes.values().stream().filter(e -> e instanceof JobFailed)
                .map(e -> e.jobId() + ": " + ((JobFailed) e).code() + " " + ((JobFailed) e).message()).toList();
        assertEquals(List.of(), failures, "no job may fail during hot reloads");

        Map<String, UdpmModel> loaded = new HashMap<>();
        Map<String, Integer> jobsPerVersion = new TreeMap<>();
        try {
            for (Map.Entry<String, Path> v : versions.entrySet()) {
                loaded.put(v.getKey(), ModelLoader.load(v.getValue(), DeviceOptions.cpu(1, 1)));
            }
            for (String jobId : jobIds) {
                JobCompleted completed = (JobCompleted) outcomes.get(jobId);
                JobManifest manifest = ContractValidator.shared().parseJobManifest(
                        new String(store.get(ObjectKeys.jobManifestKey(jobId))));
                assertEquals(completed.modelVersion(), manifest.modelVersion(), jobId + ": event and manifest disagree");
                assertEquals(name, manifest.modelName());
                assertTrue(loaded.containsKey(manifest.modelVersion()), jobId + " names " + manifest.modelVersion()
                        + ", which is not a published good version");
                assertMadeBy(manifest.modelVersion(), loaded, jobId, seedOf(jobId));
                jobsPerVersion.merge(manifest.modelVersion(), 1, Integer::sum);
            }
        } finally {
            loaded.values().forEach(UdpmModel::close);
        }
        assertTrue(jobsPerVersion.size() >= 2, "jobs must have flowed across at least one swap: " + jobsPerVersion);
        assertTrue(!jobsPerVersion.containsKey("v3"), "the corrupted version made nothing");
        System.out.printf("hot reload under load: %d jobs, per version %s%n", jobIds.size(), jobsPerVersion);
    }

    /** Image 0 of the job, decoded from the store, must be what {@code version} generates, and no other version. */
    private void assertMadeBy(String version, Map<String, UdpmModel> loaded, String jobId, long seed) {
        Hwc stored = ImageCodec.decodePng(store.get(ObjectKeys.imageKey(jobId, 0)));
        Map<String, Double> distance = new TreeMap<>();
        for (Map.Entry<String, UdpmModel> m : loaded.entrySet()) {
            UdpmModel model = m.getValue();
            float[] image = model.generate(new LatentGenerator(model.latentShapes()).generate(seed, 0, 1),
                    new int[] {(int) (seed % 10)});
            double max = 0;
            for (int i = 0; i < image.length; i++) {
                max = Math.max(max, Math.abs(image[i] - stored.values()[i]));
            }
            distance.put(m.getKey(), max);
        }
        assertTrue(distance.get(version) <= ONE_STEP, jobId + " names " + version + " but its image is at max-abs "
                + distance + " from each version");
        distance.forEach((other, d) -> assertTrue(other.equals(version) || d > 10 * ONE_STEP,
                jobId + ": versions must be distinguishable: " + distance));
    }

    private void submitJobs(String model, List<String> jobIds, AtomicBoolean running) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new StringSerializer())) {
            for (long seed = 1; running.get(); seed++) {
                String jobId = "load-" + seed + "-" + UUID.randomUUID().toString().substring(0, 8);
                String json = """
                        {"type":"generate","jobId":"%s","submittedAt":"%s","model":{"name":"%s"},\
                        "count":2,"seed":%d,"classLabels":[%d]}""".formatted(jobId, Instant.now(), model, seed,
                        seed % 10);
                producer.send(new ProducerRecord<>(Topics.JOBS, jobId, json)).get();
                synchronized (jobIds) {
                    jobIds.add(jobId);
                }
                Thread.sleep(100);
            }
        } catch (Exception e) {
            throw new AssertionError("submitting jobs failed", e);
        }
    }

    private static long seedOf(String jobId) {
        return Long.parseLong(jobId.split("-")[1]);
    }

    private Map<String, JobEvent> awaitTerminalEvents(List<String> jobIds) {
        Set<String> wanted = Set.copyOf(jobIds);
        Map<String, JobEvent> terminal = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.JOB_EVENTS).stream()
                    .map(p -> new TopicPartition(Topics.JOB_EVENTS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (terminal.size() < wanted.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.contains(r.key())) {
                        JobEvent event = ContractValidator.shared().parseJobEvent(r.value());
                        if (event.terminal()) {
                            terminal.put(event.jobId(), event);
                        }
                    }
                }
            }
        }
        assertEquals(wanted.size(), terminal.size(), "every submitted job must end; missing: "
                + wanted.stream().filter(id -> !terminal.containsKey(id)).toList());
        return terminal;
    }
}
