package dev.udpm.worker.jobs;

import static dev.udpm.worker.testmodels.TinyModelFiles.CONDITIONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.GenerateShard;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.ShardDone;
import dev.udpm.schemas.job.ShardRange;
import dev.udpm.worker.batching.BatchPolicy;
import dev.udpm.worker.events.ShardTaskSink;
import dev.udpm.worker.output.JobObjects;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One terminal event per submission: a record written before its job ended (a redelivery) is not answered again,
 * whether this worker or the fleet-wide state knows the ending; a record written after it (a resend) is.
 */
class RedeliveryTest {

    private static final String BUCKET = "redelivery-test";

    @RegisterExtension
    static final PipelineFixture FIXTURE = PipelineFixture.bucket(BUCKET);

    @Test
    void aRecordWrittenBeforeTheJobEndedHereIsNotAnsweredAgainOneWrittenAfterIs() throws Exception {
        RecordingEventSink events = new RecordingEventSink();
        try (JobPipeline pipeline = pipeline(events, jobId -> Optional.empty())) {
            String id = "redeliver-" + System.nanoTime();
            JobRequest request = Requests.parse(Requests.generate(id, CONDITIONAL, 3, 5, "\"classLabels\":[1]"));
            Instant written = Instant.now();
            assertEquals(JobOutcome.COMPLETED, run(pipeline, request, written));

            assertEquals(JobOutcome.REPLAYED, run(pipeline, request, written));
            assertEquals(List.of("accepted", "completed"), events.typesOf(id), "the redelivery is not answered");

            assertEquals(JobOutcome.REPLAYED, run(pipeline, request, Instant.now()));
            assertEquals(List.of("accepted", "completed", "completed"), events.typesOf(id),
                    "a record written after the job ended (a resend) is answered from the manifest");
        }
    }

    @Test
    void aRecordWrittenBeforeTheFleetWideStateSaysTheJobEndedIsNotAnswered() throws Exception {
        RecordingEventSink events = new RecordingEventSink();
        Instant endedElsewhere = Instant.now();
        Instant before = endedElsewhere.minusSeconds(5);
        String id = "elsewhere-" + System.nanoTime();
        try (JobPipeline pipeline = pipeline(events, jobId -> jobId.equals(id) ? Optional.of(endedElsewhere)
                : Optional.empty())) {
            JobRequest request = Requests.parse(Requests.generate(id, CONDITIONAL, 2, 6, "\"classLabels\":[2]"));
            assertEquals(JobOutcome.REPLAYED, run(pipeline, request, before));
            assertEquals(List.of(), events.typesOf(id), "another worker answered it; nothing is computed or sent");

            assertEquals(JobOutcome.COMPLETED, run(pipeline, request, endedElsewhere.plusSeconds(1)));
            assertEquals(List.of("accepted", "completed"), events.typesOf(id));
        }
    }

    @Test
    void aDifferentRequestReusingTheJobIdIsAConflictNotARedelivery() throws Exception {
        RecordingEventSink events = new RecordingEventSink();
        try (JobPipeline pipeline = pipeline(events, jobId -> Optional.empty())) {
            String id = "reuse-" + System.nanoTime();
            Instant written = Instant.now();
            assertEquals(JobOutcome.COMPLETED, run(pipeline, Requests.parse(Requests.generate(id, CONDITIONAL, 2, 7,
                    "\"classLabels\":[3]")), written));
            assertEquals(JobOutcome.FAILED, run(pipeline, Requests.parse(Requests.generate(id, CONDITIONAL, 2, 8,
                    "\"classLabels\":[3]")), written));
            assertEquals(List.of("accepted", "completed", "failed"), events.typesOf(id));
            assertEquals(dev.udpm.schemas.event.FailureCode.JOB_ID_CONFLICT,
                    events.of(id, dev.udpm.schemas.event.JobFailed.class).get(0).code());
        }
    }

    @Test
    void anAttemptThatFindsTheJobFinishedByAnotherAttemptAtItsEndIsNotAnswered() throws Exception {
        // A rebalance hands a job's record to worker B while worker A still runs it: both run it. B is admitted
        // first; A runs the job to its end while B is held in its accepted event; then B reaches its end.
        String id = "concurrent-" + System.nanoTime();
        JobRequest request = Requests.parse(Requests.generate(id, CONDITIONAL, 24, 9, "\"classLabels\":[4]"));
        Instant written = Instant.now();
        RecordingEventSink eventsOfA = new RecordingEventSink();
        RecordingEventSink eventsOfB = new RecordingEventSink();
        try (JobPipeline a = pipeline(eventsOfA, jobId -> Optional.empty());
                JobPipeline b = pipeline(event -> {
                    if (event.jobId().equals(id) && event.eventType().equals("accepted")) {
                        try {
                            assertEquals(JobOutcome.COMPLETED, run(a, request, written), "worker A's attempt");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return eventsOfB.publish(event);
                }, jobId -> Optional.empty())) {
            assertEquals(JobOutcome.REPLAYED, run(b, request, written), "worker B's attempt ends without an event");
        }
        assertEquals(List.of("accepted", "completed"), eventsOfA.typesOf(id).stream()
                .filter(t -> !t.equals("progress")).toList());
        assertEquals(List.of("accepted"), eventsOfB.typesOf(id).stream().filter(t -> !t.equals("progress")).toList(),
                "one terminal event for the job, A's; B found A's manifest at its end");
    }

    @Test
    void anAttemptThatFindsADifferentRequestFinishedUnderItsJobIdFailsAndKeepsThatManifest() throws Exception {
        // Two different requests with one jobId, admitted before either wrote its claim: A finishes while B is held
        // in its accepted event; B, at its end, finds A's manifest and must not overwrite it.
        String id = "concurrent-conflict-" + System.nanoTime();
        JobRequest ofA = Requests.parse(Requests.generate(id, CONDITIONAL, 8, 10, "\"classLabels\":[5]"));
        JobRequest ofB = Requests.parse(Requests.generate(id, CONDITIONAL, 8, 11, "\"classLabels\":[5]"));
        Instant written = Instant.now();
        RecordingEventSink eventsOfB = new RecordingEventSink();
        try (JobPipeline a = pipeline(new RecordingEventSink(), jobId -> Optional.empty());
                JobPipeline b = pipeline(event -> {
                    if (event.jobId().equals(id) && event.eventType().equals("accepted")) {
                        try {
                            assertEquals(JobOutcome.COMPLETED, run(a, ofA, written), "worker A's attempt");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return eventsOfB.publish(event);
                }, jobId -> Optional.empty())) {
            assertEquals(JobOutcome.FAILED, run(b, ofB, written));
        }
        assertEquals(dev.udpm.schemas.event.FailureCode.JOB_ID_CONFLICT,
                eventsOfB.of(id, dev.udpm.schemas.event.JobFailed.class).get(0).code());
        assertEquals(RequestContent.sha256(ofA), RequestContent.sha256(new JobObjects(FIXTURE.store()).manifest(id)
                .orElseThrow().request()), "A's manifest stays; B did not write its own over it");
    }

    @Test
    void aShardFinishedByAnotherAttemptWhileThisOneRanKeepsThatAttemptsManifest() throws Exception {
        String id = "concurrent-shard-" + System.nanoTime();
        GenerateJob parent = ((GenerateJob) Requests.parse(Requests.generate(id, CONDITIONAL, 48, 9,
                "\"bulk\":true,\"classLabels\":[4]"))).withModelVersion(FIXTURE.registry().loaded().get(0).version());
        GenerateShard task = new GenerateShard(id, new ShardRange(0, 2, 0, 24), parent);
        List<ShardDone> doneByA = new CopyOnWriteArrayList<>();
        List<ShardDone> doneByB = new CopyOnWriteArrayList<>();
        AtomicBoolean aRan = new AtomicBoolean();
        try (JobPipeline a = pipeline(new RecordingEventSink(), (record, trace) -> {
            doneByA.add((ShardDone) record);
            return CompletableFuture.completedFuture(null);
        }, "worker-a");
                JobPipeline b = pipeline(event -> {
                    // B has stored its first batch; A runs the whole shard now, then B goes on to its end.
                    if (event.jobId().equals(id) && event.eventType().equals("progress") && aRan.compareAndSet(false,
                            true)) {
                        try {
                            assertEquals(JobOutcome.COMPLETED, a.submitShard(task, Instant.now())
                                    .toCompletableFuture().get(240, TimeUnit.SECONDS), "worker A's attempt");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return CompletableFuture.completedFuture(null);
                }, (record, trace) -> {
                    doneByB.add((ShardDone) record);
                    return CompletableFuture.completedFuture(null);
                }, "worker-b")) {
            b.submitShard(task, Instant.now()).toCompletableFuture().get(240, TimeUnit.SECONDS);
        }
        assertEquals(1, doneByA.size());
        assertEquals(1, doneByB.size());
        StoredObject stored = new JobObjects(FIXTURE.store()).stored(ObjectKeys.shardManifestKey(id, 0)).orElseThrow();
        assertEquals(stored, doneByA.get(0).manifest(), "A's shard-done names the stored manifest");
        assertEquals(stored, doneByB.get(0).manifest(), "B's shard-done names the stored manifest: whichever attempt"
                + " ended second kept the first one's manifest (a merged manifest may already hold its sha256)");
    }

    @Test
    void twoAttemptsOfAShardOnDifferentWorkersWriteTheSameManifestBytes() throws Exception {
        // No create-if-absent write on the store: two attempts that both check before either writes both write. The
        // same bytes make the later write harmless to a merge that already read the first (its sha256).
        String id = "same-bytes-" + System.nanoTime();
        GenerateJob parent = ((GenerateJob) Requests.parse(Requests.generate(id, CONDITIONAL, 16, 12,
                "\"bulk\":true,\"classLabels\":[6]"))).withModelVersion(FIXTURE.registry().loaded().get(0).version());
        GenerateShard task = new GenerateShard(id, new ShardRange(0, 2, 0, 16), parent);
        String key = ObjectKeys.shardManifestKey(id, 0);
        byte[] first;
        try (JobPipeline a = pipeline(new RecordingEventSink(), (record, trace) -> CompletableFuture
                .completedFuture(null), "worker-a")) {
            assertEquals(JobOutcome.COMPLETED, a.submitShard(task, Instant.now()).toCompletableFuture()
                    .get(240, TimeUnit.SECONDS));
            first = FIXTURE.store().get(key);
        }
        FIXTURE.store().delete(key);
        Thread.sleep(5);
        try (JobPipeline b = pipeline(new RecordingEventSink(), (record, trace) -> CompletableFuture
                .completedFuture(null), "worker-b")) {
            assertEquals(JobOutcome.COMPLETED, b.submitShard(task, Instant.now()).toCompletableFuture()
                    .get(240, TimeUnit.SECONDS));
        }
        assertEquals(new String(first, StandardCharsets.UTF_8), new String(FIXTURE.store().get(key), StandardCharsets.UTF_8),
                "the second attempt (another worker, later) wrote the first one's bytes");
    }

    private static JobOutcome run(JobPipeline pipeline, JobRequest request, Instant recordTime) throws Exception {
        CompletableFuture<JobOutcome> outcome = pipeline.submit(request, Instant.now(), recordTime)
                .toCompletableFuture();
        return outcome.get(240, TimeUnit.SECONDS);
    }

    private static JobPipeline pipeline(dev.udpm.worker.events.JobEventSink events,
            java.util.function.Function<String, Optional<Instant>> endedFleetWide) {
        return pipeline(events, (task, trace) -> CompletableFuture.completedFuture(null), endedFleetWide,
                "redelivery-worker");
    }

    private static JobPipeline pipeline(dev.udpm.worker.events.JobEventSink events, ShardTaskSink shardTasks,
            String workerId) {
        return pipeline(events, shardTasks, jobId -> Optional.empty(), workerId);
    }

    private static JobPipeline pipeline(dev.udpm.worker.events.JobEventSink events, ShardTaskSink shardTasks,
            java.util.function.Function<String, Optional<Instant>> endedFleetWide, String workerId) {
        JobPipeline pipeline = new JobPipeline(new PipelineSettings(new BatchPolicy(8, Duration.ofMillis(20)), 4,
                Duration.ofSeconds(1), 2, 2, workerId, 16, 1_000_000), FIXTURE.registry(), new JobObjects(FIXTURE.store()),
                events, shardTasks, jobId -> false, jobId -> Optional.empty(),
                endedFleetWide, new JobMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
        pipeline.start();
        return pipeline;
    }
}
