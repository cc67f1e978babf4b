package dev.udpm.worker.jobs;

import static dev.udpm.worker.testmodels.TinyModelFiles.CONDITIONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.GenerateShard;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.ShardRange;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.StorageSettings;
import dev.udpm.storage.StoreRetry;
import dev.udpm.worker.batching.BatchPolicy;
import dev.udpm.worker.output.JobObjects;
import dev.udpm.worker.testmodels.TinyModelRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline riding through object-store outages: a real S3Proxy behind a {@link CuttableLink} that drops every
 * connection and refuses new ones while cut (the store process gone), the real MinIO client, the tiny model.
 * An outage shorter than {@code udpm.storage.retry.max-duration} costs time only: the job completes with the same
 * bytes as an undisturbed run and one terminal event. A longer one fails the job once with
 * {@code STORAGE_UNAVAILABLE}, keeps the stored images, and the resent request resumes from them.
 */
class StoreOutageTest {

    private static final String BUCKET = "outage-test";
    private static final Duration WAIT = Duration.ofSeconds(240);

    private static EmbeddedS3 s3;
    private static CuttableLink link;
    private static ObjectStore direct;
    private static ObjectStore behindLink;
    private static TinyModelRegistry registry;

    private final List<JobPipeline> pipelines = new ArrayList<>();

    @BeforeAll
    static void infrastructure() throws Exception {
        s3 = EmbeddedS3.startTransient();
        s3.createBucket(BUCKET);
        link = CuttableLink.to(s3.endpoint());
        StorageSettings settings = StorageSettings.of(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(),
                BUCKET);
        direct = ObjectStore.connect(settings);
        behindLink = ObjectStore.connect(settings.withEndpoint(link.endpoint()));
        registry = new TinyModelRegistry();
    }

    @AfterAll
    static void stopInfrastructure() {
        registry.close();
        behindLink.close();
        direct.close();
        link.close();
        s3.close();
    }

    @AfterEach
    void closePipelines() throws Exception {
        pipelines.forEach(JobPipeline::close);
        registry.setAcquireDelay(Duration.ZERO);
        link.restore();
    }

    @Test
    void aJobRidesThroughAStoreOutageAndStoresTheSameBytesAsAnUndisturbedRun() throws Exception {
        List<String> reference = referenceSha256s("ref-ride", 48, 77);

        RecordingEventSink events = new RecordingEventSink();
        JobPipeline pipeline = pipeline(behindLink, events, new StoreRetry(Duration.ofSeconds(30),
                Duration.ofMillis(50), Duration.ofMillis(500)));
        registry.setAcquireDelay(Duration.ofMillis(150));
        String id = "ride-" + System.nanoTime();
        CompletableFuture<JobOutcome> outcome = pipeline.submit(request(id, 48, 77), Instant.now())
                .toCompletableFuture();

        awaitStoredImages(id, 8);
        link.cut();
        Thread.sleep(3000);
        assertTrue(!outcome.isDone(), "the job waits for the store instead of failing");
        int beforeRestore = direct.list(ObjectKeys.jobPrefix(id)).size();
        link.restore();

        assertEquals(JobOutcome.COMPLETED, outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(beforeRestore < 48, "the outage really interrupted the job (" + beforeRestore + " objects)");
        List<JobEvent> terminal = events.of(id).stream().filter(e -> e.eventType().equals("completed")
                || e.eventType().equals("failed") || e.eventType().equals("cancelled")).toList();
        assertEquals(1, terminal.size(), "one terminal event: " + events.typesOf(id));
        assertEquals(reference, sha256s((JobCompleted) terminal.get(0)), "byte-identical to the undisturbed run");
        assertEquals(reference, storedSha256s(id, 48), "the stored bytes are the ones listed");
    }

    @Test
    void anOutageLongerThanTheRetryFailsOnceWithStorageUnavailableAndTheResentJobResumes() throws Exception {
        List<String> reference = referenceSha256s("ref-resume", 48, 91);

        RecordingEventSink events = new RecordingEventSink();
        JobPipeline shortRetry = pipeline(behindLink, events, new StoreRetry(Duration.ofMillis(800),
                Duration.ofMillis(50), Duration.ofMillis(200)));
        registry.setAcquireDelay(Duration.ofMillis(150));
        String id = "giveup-" + System.nanoTime();
        JobRequest request = request(id, 48, 91);
        CompletableFuture<JobOutcome> outcome = shortRetry.submit(request, Instant.now()).toCompletableFuture();

        awaitStoredImages(id, 8);
        link.cut();
        assertEquals(JobOutcome.FAILED, outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        Thread.sleep(500);
        List<JobFailed> failed = events.of(id, JobFailed.class);
        assertEquals(1, failed.size(), "one failed event: " + events.typesOf(id));
        assertEquals(FailureCode.STORAGE_UNAVAILABLE, failed.get(0).code());
        assertTrue(failed.get(0).message().contains("object store unavailable for"), failed.get(0).message());
        link.restore();
        int kept = (int) direct.list(ObjectKeys.jobPrefix(id)).stream()
                .filter(info -> info.key().endsWith(".png")).count();
        assertTrue(kept >= 8 && kept < 48, "the images stored before the outage are kept: " + kept);

        RecordingEventSink resentEvents = new RecordingEventSink();
        JobPipeline resent = pipeline(behindLink, resentEvents, StoreRetry.DEFAULT);
        registry.setAcquireDelay(Duration.ZERO);
        assertEquals(JobOutcome.COMPLETED, resent.submit(request, Instant.now()).toCompletableFuture()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(reference, sha256s(resentEvents.of(id, JobCompleted.class).get(0)));
    }

    @Test
    void aBulkJobWhoseShardsAllLoseTheStoreFailsOncePerAttempt() throws Exception {
        RecordingEventSink events = new RecordingEventSink();
        List<Object> shardDone = new ArrayList<>();
        JobPipeline pipeline = new JobPipeline(settings(), registry, new JobObjects(behindLink,
                new StoreRetry(Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofMillis(100))), events,
                (task, trace) -> {
                    shardDone.add(task);
                    return CompletableFuture.completedFuture(null);
                }, jobId -> false, jobId -> java.util.Optional.empty(), new JobMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC());
        pipeline.start();
        pipelines.add(pipeline);
        String id = "bulk-outage-" + System.nanoTime();
        GenerateJob parent = ((GenerateJob) Requests.parse(Requests.generate(id, CONDITIONAL, 32, 5,
                "\"bulk\":true,\"classLabels\":[4]"))).withModelVersion(registry.loaded().get(0).version());

        link.cut();
        List<CompletableFuture<JobOutcome>> shards = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            shards.add(pipeline.submitShard(new GenerateShard(id, new ShardRange(k, 4, k * 8, k * 8 + 8), parent),
                    Instant.now()).toCompletableFuture());
        }
        for (CompletableFuture<JobOutcome> shard : shards) {
            assertEquals(JobOutcome.FAILED, shard.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        assertEquals(List.of("failed"), events.typesOf(id), "4 shards failed, the job failed once");
        assertEquals(FailureCode.STORAGE_UNAVAILABLE, events.of(id, JobFailed.class).get(0).code());
        assertEquals(List.of(), shardDone);

        // A later attempt (a shard received after that failure) is a new attempt: its failure is announced.
        Thread.sleep(5);
        assertEquals(JobOutcome.FAILED, pipeline.submitShard(new GenerateShard(id, new ShardRange(0, 4, 0, 8),
                parent), Instant.now()).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(List.of("failed", "failed"), events.typesOf(id));
    }

    private List<String> referenceSha256s(String prefix, int count, long seed) throws Exception {
        RecordingEventSink events = new RecordingEventSink();
        JobPipeline undisturbed = pipeline(direct, events, StoreRetry.NONE);
        String id = prefix + "-" + System.nanoTime();
        assertEquals(JobOutcome.COMPLETED, undisturbed.submit(request(id, count, seed), Instant.now())
                .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        return sha256s(events.of(id, JobCompleted.class).get(0));
    }

    private JobPipeline pipeline(ObjectStore store, RecordingEventSink events, StoreRetry retry) {
        JobPipeline pipeline = new JobPipeline(settings(), registry, new JobObjects(store, retry), events,
                new JobMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
        pipeline.start();
        pipelines.add(pipeline);
        return pipeline;
    }

    private static PipelineSettings settings() {
        return new PipelineSettings(new BatchPolicy(8, Duration.ofMillis(20)), 4, Duration.ofMillis(200), 3, 2,
                "outage-worker", 16, 1_000_000);
    }

    private static JobRequest request(String id, int count, long seed) {
        return Requests.parse(Requests.generate(id, CONDITIONAL, count, seed, "\"classLabels\":[3]"));
    }

    private static List<String> sha256s(JobCompleted completed) {
        return completed.objects().stream().map(StoredObject::sha256).toList();
    }

    private static List<String> storedSha256s(String id, int count) {
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shas.add(dev.udpm.storage.Sha256.hex(direct.get(ObjectKeys.imageKey(id, i))));
        }
        return shas;
    }

    private static void awaitStoredImages(String id, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (direct.list(ObjectKeys.jobPrefix(id)).stream().filter(info -> info.key().endsWith(".png")).count()
                < atLeast) {
            assertTrue(System.nanoTime() < deadline, "no " + atLeast + " images of " + id + " stored in time");
            Thread.sleep(20);
        }
    }
}
