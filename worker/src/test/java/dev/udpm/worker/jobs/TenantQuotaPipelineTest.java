package dev.udpm.worker.jobs;

import static dev.udpm.worker.testmodels.TinyModelFiles.CONDITIONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.GenerateShard;
import dev.udpm.schemas.job.ShardRange;
import dev.udpm.worker.batching.BatchPolicy;
import dev.udpm.worker.output.JobObjects;
import dev.udpm.worker.tenants.TenantLimits;
import dev.udpm.worker.tenants.TenantQuotas;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline charges a job's images to its tenant when it is admitted and gives them back however it ends
 * (completed, failed, cancelled, a bulk shard's shard-done), and refuses a job over the quota with
 * {@code failed QUOTA_EXCEEDED} before it leases a model or publishes {@code accepted}. Real object store (S3Proxy),
 * the tiny model, a recording event sink.
 */
class TenantQuotaPipelineTest {

    private static final String BUCKET = "quota-pipeline-test";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final PipelineFixture FIXTURE = PipelineFixture.bucket(BUCKET);

    private RecordingEventSink events;
    private TenantQuotas quotas;
    private JobPipeline pipeline;

    @BeforeEach
    void newPipeline() {
        events = new RecordingEventSink();
        Map<String, TenantLimits> limits = Map.of("capped",
                new TenantLimits(OptionalLong.of(8), OptionalLong.empty()));
        quotas = new TenantQuotas(t -> limits.getOrDefault(t, TenantLimits.unlimited()), "default",
                Clock.systemUTC(), TenantQuotas.Activity.NONE);
        pipeline = new JobPipeline(new PipelineSettings(new BatchPolicy(8, Duration.ofMillis(50)), 4,
                Duration.ofSeconds(1), 3, 4, "test-worker", 16, 1_000_000), FIXTURE.registry(), new JobObjects(FIXTURE.store()), events,
                (task, trace) -> CompletableFuture.completedFuture(null), jobId -> false, jobId -> Optional.empty(),
                jobId -> Optional.empty(), new JobMetrics(new SimpleMeterRegistry()), quotas, Clock.systemUTC());
        pipeline.start();
    }

    @AfterEach
    void closePipeline() {
        pipeline.close();
        FIXTURE.registry().setAcquireDelay(Duration.ZERO);
        assertEquals(0, FIXTURE.registry().openLeases(), "every model lease must be closed when jobs end");
    }

    @Test
    void aCompletedJobHoldsItsImagesWhileItRunsAndGivesThemBack() throws Exception {
        FIXTURE.registry().setAcquireDelay(Duration.ofMillis(300));
        String id = jobId("done");
        CompletionStage<JobOutcome> outcome = pipeline.submit(capped(id, 8), Instant.now());
        awaitInFlight(8);
        assertEquals(JobOutcome.COMPLETED, outcome.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, quotas.usage("capped").imagesInFlight());
        assertEquals(8, quotas.usage("capped").imagesLastHour());
    }

    @Test
    void aJobOverTheQuotaFailsWithQuotaExceededBeforeAnyLeaseOrAccepted() throws Exception {
        TenantQuotas.Hold running = quotas.hold("capped", 7);
        long acquisitions = FIXTURE.registry().acquisitions();
        String id = jobId("over");
        assertEquals(JobOutcome.FAILED, run(capped(id, 2)));
        assertEquals(List.of("failed"), events.typesOf(id), "no accepted for a refused job");
        JobFailed failed = events.of(id, JobFailed.class).get(0);
        assertEquals(FailureCode.QUOTA_EXCEEDED, failed.code());
        assertTrue(failed.message().contains("max-images-in-flight = 8") && failed.message().contains(
                "it has 7 images in flight") && failed.message().contains("asks for 2"), failed.message());
        assertEquals(acquisitions, FIXTURE.registry().acquisitions(), "no model was leased for it");
        assertEquals(7, quotas.usage("capped").imagesInFlight(), "a refused job charges nothing");

        assertEquals(JobOutcome.COMPLETED, run(capped(jobId("fits"), 1)), "what fits still runs");
        running.release();
        assertEquals(JobOutcome.COMPLETED, run(capped(id, 2)), "the refused job, resent with room, runs");
        assertEquals(0, quotas.usage("capped").imagesInFlight());
    }

    @Test
    void aCancelledJobAndAFailedJobGiveTheirImagesBack() throws Exception {
        FIXTURE.registry().setAcquireDelay(Duration.ofMillis(300));
        String id = jobId("cancel");
        CompletionStage<JobOutcome> outcome = pipeline.submit(capped(id, 8), Instant.now());
        awaitInFlight(8);
        assertTrue(pipeline.cancel(id));
        assertEquals(JobOutcome.CANCELLED, outcome.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, quotas.usage("capped").imagesInFlight());

        FIXTURE.registry().setAcquireDelay(Duration.ZERO);
        String unfit = jobId("unfit");
        assertEquals(JobOutcome.FAILED, run(Requests.parse(Requests.swap(unfit, CONDITIONAL, 1, 2, "[4]",
                "\"classLabel\":0,\"tenant\":\"capped\""))), "a level the model does not have");
        assertEquals(FailureCode.INVALID_REQUEST, events.of(unfit, JobFailed.class).get(0).code());
        assertEquals(0, quotas.usage("capped").imagesInFlight());
        assertEquals(8, quotas.usage("capped").imagesLastHour(), "a job refused by its plan is not charged");
    }

    @Test
    void bulkShardsAreHeldNotRefusedAndGiveTheirImagesBackWhenDone() throws Exception {
        TenantQuotas.Hold full = quotas.hold("capped", 8);
        String id = jobId("bulk");
        GenerateJob parent = ((GenerateJob) Requests.parse(Requests.generate(id, CONDITIONAL, 16, 5,
                "\"bulk\":true,\"classLabels\":[4],\"tenant\":\"capped\""))).withModelVersion(
                FIXTURE.registry().loaded().get(0).version());
        FIXTURE.registry().setAcquireDelay(Duration.ofMillis(300));
        CompletionStage<JobOutcome> shard = pipeline.submitShard(new GenerateShard(id, new ShardRange(0, 2, 0, 8),
                parent), Instant.now());
        awaitInFlight(16);
        assertEquals(JobOutcome.COMPLETED, shard.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(8, quotas.usage("capped").imagesInFlight(), "the shard gave its 8 back");
        full.release();
        assertEquals(0, quotas.usage("capped").imagesInFlight());
    }

    private void awaitInFlight(long images) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (quotas.usage("capped").imagesInFlight() != images && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(images, quotas.usage("capped").imagesInFlight());
    }

    private JobOutcome run(dev.udpm.schemas.job.JobRequest request) throws Exception {
        return pipeline.submit(request, Instant.now()).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static dev.udpm.schemas.job.JobRequest capped(String id, int count) {
        return Requests.parse(Requests.generate(id, CONDITIONAL, count, 7, "\"classLabels\":[1],\"tenant\":\"capped\""));
    }

    private static String jobId(String prefix) {
        return "quota-" + prefix + "-" + Long.toHexString(System.nanoTime());
    }
}
