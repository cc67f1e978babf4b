package dev.udpm.worker.jobs;

import static dev.udpm.worker.testmodels.TinyModelFiles.CONDITIONAL;
import static dev.udpm.worker.testmodels.TinyModelFiles.CONDITIONAL_VERSION;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.udpm.core.image.ImageCodec;
import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.math.Hwc;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.schemas.LatentOrigin;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.SampleRecord;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.Lineage;
import dev.udpm.schemas.model.ManifestPosteriorMode;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.storage.Sha256;
import dev.udpm.worker.batching.BatchPolicy;
import dev.udpm.worker.batching.PaddedChain;
import dev.udpm.worker.config.WorkerBuild;
import dev.udpm.worker.models.LoadedModel;
import dev.udpm.worker.models.ModelLease;
import dev.udpm.worker.models.ModelNotAvailableException;
import dev.udpm.worker.models.ModelRegistry;
import dev.udpm.worker.output.JobClaim;
import dev.udpm.worker.output.JobObjects;
import dev.udpm.worker.testmodels.TinyModelFiles;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline without Kafka: a real object store (in-process S3Proxy), the tiny model, a recording event sink.
 * Covers idempotency (replay, resume, conflicts), cross-job batching, cancel and the object layout.
 */
class JobPipelineTest {

    private static final String BUCKET = "pipeline-test";

    @RegisterExtension
    static final PipelineFixture FIXTURE = PipelineFixture.bucket(BUCKET);

    private RecordingEventSink events;
    private SimpleMeterRegistry meters;
    private JobMetrics metrics;
    private JobPipeline pipeline;

    @BeforeEach
    void newPipeline() {
        startPipeline(Duration.ofMillis(150), Duration.ofSeconds(1));
    }

    @AfterEach
    void closePipeline() {
        pipeline.close();
        FIXTURE.registry().setAcquireDelay(Duration.ZERO);
        assertEquals(0, FIXTURE.registry().openLeases(), "every model lease must be closed when jobs end");
    }

    private void startPipeline(Duration maxWait, Duration progressInterval) {
        if (pipeline != null) {
            pipeline.close();
        }
        events = new RecordingEventSink();
        meters = new SimpleMeterRegistry();
        metrics = new JobMetrics(meters);
        pipeline = new JobPipeline(new PipelineSettings(new BatchPolicy(8, maxWait), 4, progressInterval, 3, 4,
                "test-worker", 16, 1_000_000), FIXTURE.registry(), new JobObjects(FIXTURE.store()), events, metrics, Clock.systemUTC());
        pipeline.start();
    }

    @Test
    void generateJobStoresImagesThenManifestAndAnswersCompletedWithMatchingSha256s() throws Exception {
        String id = jobId("gen");
        JobRequest request = Requests.parse(Requests.generate(id, CONDITIONAL, 3, 123, "\"classLabels\":[2,5]"));

        assertEquals(JobOutcome.COMPLETED, run(request));

        assertEquals(List.of("accepted", "completed"), events.typesOf(id));
        JobCompleted completed = events.of(id, JobCompleted.class).get(0);
        assertEquals(CONDITIONAL_VERSION, completed.modelVersion());
        assertEquals(ObjectKeys.jobManifestKey(id), completed.manifestKey());
        assertEquals(List.of(ObjectKeys.imageKey(id, 0), ObjectKeys.imageKey(id, 1), ObjectKeys.imageKey(id, 2)),
                completed.objects().stream().map(StoredObject::key).toList());
        for (StoredObject object : completed.objects()) {
            assertEquals(Sha256.hex(FIXTURE.store().get(object.key())), object.sha256(), "sha256 of " + object.key());
            assertEquals(ObjectKeys.PNG, object.contentType());
        }
        JobManifest manifest = new JobObjects(FIXTURE.store()).manifest(id).orElseThrow();
        assertEquals(completed.objects(), manifest.objects());
        assertEquals(request, manifest.request());
        assertFalse(FIXTURE.store().exists(JobClaim.keyOf(id)), "the attempt claim is removed once the manifest is written");
        Lineage lineage = manifest.lineage();
        assertEquals(Lineage.requestSha256(request), lineage.requestSha256());
        assertEquals(new Lineage.Model(CONDITIONAL, CONDITIONAL_VERSION, Sha256.hex(java.nio.file.Files.readAllBytes(
                TinyModelFiles.dir(CONDITIONAL).resolve(ModelManifest.FILE_NAME)))), lineage.model());
        assertEquals(new Lineage.Sampler(ManifestPosteriorMode.EXACT, 3, new Lineage.GraphTuning(false, false, false)),
                lineage.sampler(), "the tiny model's mode and levels, the default graph tuning (remapper off)");
        assertEquals(List.of(123L), lineage.seeds());
        assertEquals(WorkerBuild.current(), lineage.worker());
        assertEquals(lineage, completed.lineage(), "the completed event repeats the manifest's lineage");

        // The bytes are the chain's image, quantised: image 1 = G(123, 1) with label 5.
        try (UdpmModel model = TinyModelFiles.load(CONDITIONAL)) {
            float[] expected = new PaddedChain(4).generate(model,
                    List.of(new LatentGenerator(model.latentShapes()).generate(123, 1)), new int[] {5});
            assertArrayEquals(ImageCodec.encodePng(32, 32, 1, expected), FIXTURE.store().get(ObjectKeys.imageKey(id, 1)));
        }
    }

    @Test
    void imagesOfSeveralJobsShareOneChainCall() throws Exception {
        String a = jobId("mix-a");
        String b = jobId("mix-b");
        CompletionStage<JobOutcome> first = pipeline.submit(Requests.parse(
                Requests.generate(a, CONDITIONAL, 3, 1, "\"classLabels\":[1]")), Instant.now());
        CompletionStage<JobOutcome> second = pipeline.submit(Requests.parse(
                Requests.generate(b, CONDITIONAL, 4, 2, "\"classLabels\":[2]")), Instant.now());
        assertEquals(JobOutcome.COMPLETED, first.toCompletableFuture().get(60, TimeUnit.SECONDS));
        assertEquals(JobOutcome.COMPLETED, second.toCompletableFuture().get(60, TimeUnit.SECONDS));

        assertEquals(1, metrics.chainCalls(CONDITIONAL), "3 + 4 images within the 150 ms wait: one chain call");
        DistributionSummary sizes = meters.find("udpm.batch.size").summary();
        assertEquals(7.0, sizes.max(), "the call held both jobs' 7 images");
    }

    @Test
    void largeJobIsCutIntoBatchesWithThrottledProgress() throws Exception {
        startPipeline(Duration.ofMillis(10), Duration.ofHours(1));
        String id = jobId("large");
        assertEquals(JobOutcome.COMPLETED, run(Requests.parse(
                Requests.generate(id, CONDITIONAL, 20, 9, "\"classLabels\":[0,1,2]"))));

        assertEquals(3, metrics.chainCalls(CONDITIONAL), "20 images, batches of at most 8");
        List<JobProgress> progress = events.of(id, JobProgress.class);
        assertEquals(1, progress.size(), "at most one progress per interval (1 h here): " + events.typesOf(id));
        assertTrue(progress.get(0).done() > 0 && progress.get(0).done() < 20, "done counts stored images");
        assertEquals(0, progress.get(0).done() % 4, "a whole batch (8, 8 or 4 images) is stored at a time");
        assertEquals(20, progress.get(0).total());
    }

    @Test
    void duplicateOfAFinishedJobIsAnsweredFromItsManifestWithoutRecomputation() throws Exception {
        String id = jobId("dup");
        String json = Requests.generate(id, CONDITIONAL, 2, 55, "\"classLabels\":[3]");
        run(Requests.parse(json));
        long calls = metrics.chainCalls(CONDITIONAL);
        Map<String, Instant> written = lastModified(id);

        assertEquals(JobOutcome.REPLAYED, run(Requests.parse(json.replace("12:00:00Z", "12:30:00Z"))));

        assertEquals(calls, metrics.chainCalls(CONDITIONAL), "no chain call for a duplicate");
        assertEquals(written, lastModified(id), "no object rewritten");
        List<JobCompleted> completed = events.of(id, JobCompleted.class);
        assertEquals(2, completed.size());
        assertEquals(completed.get(0).objects(), completed.get(1).objects(), "same keys and sha256s");
        assertEquals(List.of("accepted", "completed", "completed"), events.typesOf(id));
    }

    @Test
    void duplicateArrivingWhileTheJobRunsIsComputedOnce() throws Exception {
        FIXTURE.registry().setAcquireDelay(Duration.ofMillis(200));
        String id = jobId("dup-running");
        String json = Requests.generate(id, CONDITIONAL, 2, 56, "\"classLabels\":[3]");
        CompletionStage<JobOutcome> first = pipeline.submit(Requests.parse(json), Instant.now());
        CompletionStage<JobOutcome> second = pipeline.submit(Requests.parse(json), Instant.now());

        assertEquals(JobOutcome.COMPLETED, first.toCompletableFuture().get(60, TimeUnit.SECONDS));
        assertEquals(JobOutcome.REPLAYED, second.toCompletableFuture().get(60, TimeUnit.SECONDS));
        assertEquals(1, metrics.chainCalls(CONDITIONAL));
    }

    @Test
    void jobIdReusedWithOtherContentFailsWithConflict() throws Exception {
        String id = jobId("reuse");
        run(Requests.parse(Requests.generate(id, CONDITIONAL, 2, 1, "\"classLabels\":[3]")));

        assertEquals(JobOutcome.FAILED, run(Requests.parse(Requests.generate(id, CONDITIONAL, 2, 2,
                "\"classLabels\":[3]"))));

        JobFailed failed = events.of(id, JobFailed.class).get(0);
        assertEquals(FailureCode.JOB_ID_CONFLICT, failed.code());
        assertEquals("/jobId", failed.field());
        assertTrue(failed.message().contains("already used by a different generate request"), failed.message());
    }

    @Test
    void crashedAttemptIsResumedFromItsStoredImagesWithIdenticalBytes() throws Exception {
        String id = jobId("resume");
        JobRequest request = Requests.parse(Requests.generate(id, CONDITIONAL, 6, 77, "\"classLabels\":[4]"));
        run(request);
        List<StoredObject> original = events.of(id, JobCompleted.class).get(0).objects();
        long imagesBefore = imagesGenerated();
        // Make it look like a crash after 4 of 6 images: claim present, no manifest, images 4 and 5 missing.
        FIXTURE.store().delete(ObjectKeys.jobManifestKey(id));
        FIXTURE.store().delete(ObjectKeys.imageKey(id, 4));
        FIXTURE.store().delete(ObjectKeys.imageKey(id, 5));
        new JobObjects(FIXTURE.store()).writeClaim(new JobClaim(id, RequestContent.sha256(request), CONDITIONAL,
                CONDITIONAL_VERSION, Instant.now()));
        Map<String, Instant> kept = lastModified(id);

        assertEquals(JobOutcome.COMPLETED, run(request));

        assertEquals(2, imagesGenerated() - imagesBefore, "only the 2 missing images are computed");
        assertEquals(original, events.of(id, JobCompleted.class).get(1).objects(), "byte-identical objects");
        assertEquals(kept.get(ObjectKeys.imageKey(id, 0)), lastModified(id).get(ObjectKeys.imageKey(id, 0)),
                "found images are not rewritten");
    }

    @Test
    void unfinishedAttemptOfADifferentRequestIsAConflict() throws Exception {
        String id = jobId("claimed");
        new JobObjects(FIXTURE.store()).writeClaim(new JobClaim(id, "0".repeat(64), CONDITIONAL, CONDITIONAL_VERSION,
                Instant.parse("2025-01-01T00:00:00Z")));

        assertEquals(JobOutcome.FAILED, run(Requests.parse(Requests.generate(id, CONDITIONAL, 1, 1,
                "\"classLabels\":[0]"))));
        assertEquals(FailureCode.JOB_ID_CONFLICT, events.of(id, JobFailed.class).get(0).code());
    }

    @Test
    void cancelStopsTheJobWithinOneBatchAndWritesNoManifest() throws Exception {
        FIXTURE.registry().setAcquireDelay(Duration.ofMillis(300));
        String id = jobId("cancel");
        CompletionStage<JobOutcome> outcome = pipeline.submit(Requests.parse(
                Requests.generate(id, CONDITIONAL, 64, 3, "\"classLabels\":[1]")), Instant.now());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (metrics.chainCalls(CONDITIONAL) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(pipeline.cancel(id), "a running job can be cancelled");

        assertEquals(JobOutcome.CANCELLED, outcome.toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertTrue(metrics.chainCalls(CONDITIONAL) <= 2, "stopped within one batch of the 8 it needed, made "
                + metrics.chainCalls(CONDITIONAL));
        assertEquals("cancelled", events.typesOf(id).get(events.typesOf(id).size() - 1));
        assertFalse(FIXTURE.store().exists(ObjectKeys.jobManifestKey(id)), "a cancelled job has no manifest");
        assertFalse(pipeline.cancel(id), "a finished job: acknowledged, nothing to do");
        assertFalse(pipeline.cancel(jobId("unknown")));

        assertEquals(JobOutcome.CANCELLED, run(Requests.parse(Requests.generate(id, CONDITIONAL, 64, 3,
                "\"classLabels\":[1]"))), "a redelivered copy of a cancelled job is not run");
    }

    @Test
    void perturbStoresSamplesThenPrincipalComponentsAndInterpolateItsGrid() throws Exception {
        String perturb = jobId("perturb");
        run(Requests.parse(Requests.perturb(perturb, CONDITIONAL, 8, 3, "[0.5,1.0]", 4, 2, "\"classLabel\":6")));
        List<String> keys = events.of(perturb, JobCompleted.class).get(0).objects().stream().map(StoredObject::key)
                .toList();
        assertEquals(12, keys.size(), "8 samples + 2 strengths x 2 components");
        assertEquals(ObjectKeys.imageKey(perturb, 11), keys.get(11));
        byte[] flat = FIXTURE.store().get(ObjectKeys.imageKey(perturb, 10));
        assertArrayEquals(ImageCodec.encodePng(Hwc.zeros(32, 32, 1)), flat,
                "g = 1 makes the 4 samples identical: no variance, mid-grey components");
        JobManifest perturbed = new JobObjects(FIXTURE.store()).manifest(perturb).orElseThrow();
        assertEquals(LatentOrigin.perturb(8, 3, 1.0, 1), perturbed.samples().get(5).latent(),
                "sample 5: strength 5 / 4 = 1 (g = 1.0), fresh latents of sample 5 % 4 = 1");
        assertEquals(perturbed.samples().get(5).latent(), indexLine(perturbed, 5).latent(), "the index line too");

        String interpolate = jobId("interp");
        run(Requests.parse(Requests.interpolate(interpolate, CONDITIONAL, "[1,2,3,4]", 3, "\"classLabel\":0")));
        List<StoredObject> objects = events.of(interpolate, JobCompleted.class).get(0).objects();
        assertEquals(10, objects.size(), "9 cells + grid.png");
        assertEquals(ObjectKeys.gridKey(interpolate), objects.get(9).key(), "grid last");
        assertEquals(3 * 32 + 4 * 2, ImageCodec.decodePng(FIXTURE.store().get(ObjectKeys.gridKey(interpolate))).width());
        JobManifest grid = new JobObjects(FIXTURE.store()).manifest(interpolate).orElseThrow();
        assertEquals(LatentOrigin.grid(List.of(1L, 2L, 3L, 4L), 3, 1, 2, List.of(1, 2, 3)), grid.samples().get(5)
                .latent(), "cell 5 of the 3 x 3 grid: row 1, column 2, every level of the tiny model interpolated");
        assertEquals(grid.samples().get(5).latent(), indexLine(grid, 5).latent());
        assertNull(grid.samples().get(5).seed(), "no generate seed for an interpolated image");
    }

    private static SampleRecord indexLine(JobManifest manifest, int index) {
        String[] lines = new String(FIXTURE.store().get(manifest.index().key()), java.nio.charset.StandardCharsets.UTF_8)
                .split("\n");
        return ContractValidator.shared().parseSampleRecord(lines[index]);
    }

    @Test
    void presignedUrlsOnRequest() throws Exception {
        String id = jobId("urls");
        run(Requests.parse(Requests.generate(id, CONDITIONAL, 2, 1,
                "\"classLabels\":[0],\"output\":{\"grid\":true,\"presignedUrls\":true}")));
        JobCompleted completed = events.of(id, JobCompleted.class).get(0);
        assertEquals(3, completed.objects().size(), "2 images and the grid");
        for (StoredObject object : completed.objects()) {
            assertNotNull(object.url(), "url of " + object.key());
            assertTrue(object.url().contains(object.key()) && object.url().contains("X-Amz-Signature"), object.url());
        }
        assertTrue(new JobObjects(FIXTURE.store()).manifest(id).orElseThrow().objects().stream()
                .allMatch(o -> o.url() == null), "never a URL in the manifest");
    }

    @Test
    void presignedUrlsSwitchedOffLeaveEveryUrlOutOfTheEvent() throws Exception {
        pipeline.close();
        events = new RecordingEventSink();
        pipeline = new JobPipeline(new PipelineSettings(new BatchPolicy(8, Duration.ofMillis(10)), 4,
                Duration.ofSeconds(1), 2, 2, "test-worker", 16, 1_000_000, false), FIXTURE.registry(), new JobObjects(FIXTURE.store()),
                events, metrics, Clock.systemUTC());
        pipeline.start();
        String id = jobId("no-urls");
        assertEquals(JobOutcome.COMPLETED, run(Requests.parse(Requests.generate(id, CONDITIONAL, 2, 1,
                "\"classLabels\":[0],\"output\":{\"grid\":true,\"presignedUrls\":true}"))));
        JobCompleted completed = events.of(id, JobCompleted.class).get(0);
        assertEquals(3, completed.objects().size(), "2 images and the grid");
        assertTrue(completed.objects().stream().allMatch(o -> o.url() == null), "no URL: " + completed.objects());
    }

    @Test
    void batchRunsOnTheJobsLeaseWhenTheRegistryNoLongerHandsTheVersionOut() throws Exception {
        pipeline.close();
        AtomicInteger acquired = new AtomicInteger();
        ModelRegistry retiring = new ModelRegistry() {
            @Override
            public ModelLease acquire(String name, String version) {
                if (acquired.incrementAndGet() > 1) {
                    throw new ModelNotAvailableException(name + "/" + version
                            + " was retired by a hot reload");
                }
                return FIXTURE.registry().acquire(name, version);
            }

            @Override
            public List<LoadedModel> loaded() {
                return FIXTURE.registry().loaded();
            }
        };
        events = new RecordingEventSink();
        pipeline = new JobPipeline(new PipelineSettings(new BatchPolicy(8, Duration.ofMillis(10)), 4,
                Duration.ofSeconds(1), 2, 2, "test-worker", 16, 1_000_000), retiring, new JobObjects(FIXTURE.store()), events,
                metrics, Clock.systemUTC());
        pipeline.start();
        String id = jobId("retired");

        assertEquals(JobOutcome.COMPLETED, run(Requests.parse(Requests.generate(id, CONDITIONAL, 10, 4,
                "\"classLabels\":[2]"))), "both batches run on the job's own lease of the version");
        assertEquals(3, acquired.get(), "the job lease, then one refused attempt per batch");
    }

    @Test
    void jobWhoseCompletedEventWouldNotFitAKafkaMessageIsRefusedBeforeAnyWork() throws Exception {
        String id = jobId("huge");
        // The largest job the contract allows, with a presigned URL per object: ~4096 x 560 bytes > 1 MB.
        assertEquals(JobOutcome.FAILED, run(Requests.parse(Requests.generate(id, CONDITIONAL,
                dev.udpm.schemas.Limits.MAX_IMAGES_PER_JOB, 1,
                "\"classLabels\":[0],\"output\":{\"presignedUrls\":true}"))));
        JobFailed failed = events.of(id, JobFailed.class).get(0);
        assertEquals(FailureCode.LIMIT_EXCEEDED, failed.code());
        assertEquals("/count", failed.field());
        assertTrue(failed.message().contains("drop output.presignedUrls"), failed.message());
        assertEquals(List.of("failed"), events.typesOf(id));
        assertEquals(0, metrics.chainCalls(CONDITIONAL));
    }

    @Test
    void unknownModelFailsWithModelNotFound() throws Exception {
        String id = jobId("nomodel");
        assertEquals(JobOutcome.FAILED, run(Requests.parse(Requests.generate(id, "no-such-model", 1, 1, ""))));
        JobFailed failed = events.of(id, JobFailed.class).get(0);
        assertEquals(FailureCode.MODEL_NOT_FOUND, failed.code());
        assertEquals("/model", failed.field());
    }

    @Test
    void requestNotFittingTheModelFailsNamingTheField() throws Exception {
        String id = jobId("badlevel");
        assertEquals(JobOutcome.FAILED, run(Requests.parse(Requests.swap(id, CONDITIONAL, 1, 2, "[4]",
                "\"classLabel\":0"))));
        JobFailed failed = events.of(id, JobFailed.class).get(0);
        assertEquals(FailureCode.INVALID_REQUEST, failed.code());
        assertEquals("/levels/0", failed.field());
        assertEquals(List.of("failed"), events.typesOf(id), "rejected before accepted");
    }

    private JobOutcome run(JobRequest request) throws Exception {
        return pipeline.submit(request, Instant.now()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private long imagesGenerated() {
        var counter = meters.find("udpm.images.generated").counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private static Map<String, Instant> lastModified(String jobId) {
        return FIXTURE.store().list(ObjectKeys.jobPrefix(jobId)).stream()
                .collect(Collectors.toMap(info -> info.key(), info -> info.lastModified()));
    }

    private static String jobId(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }
}
