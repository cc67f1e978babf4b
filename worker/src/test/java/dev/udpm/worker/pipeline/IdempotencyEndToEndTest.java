package dev.udpm.worker.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.storage.ObjectInfo;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.jobs.JobMetrics;
import dev.udpm.worker.jobs.JobPipeline;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Duplicate delivery (no second computation, identical objects) and a jobId reused with other content. */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class IdempotencyEndToEndTest extends EndToEndTest {

    private static final String MODEL = PipelineEndToEndTest.MODEL;

    @Inject
    ObjectStore store;

    @Inject
    MeterRegistry meters;

    @Inject
    JobPipeline pipeline;

    @Test
    void redeliveredFinishedJobIsAnsweredCompletedAgainWithoutRecomputation() {
        String id = "e2e-dup-" + UUID.randomUUID();
        String json = Requests.generate(id, MODEL, 4, 808, "\"classLabels\":[6]");
        topics.send(id, json);
        JobCompleted first = StoredJobs.completed(topics.awaitTerminal(id, PipelineEndToEndTest.WAIT));
        long chainCalls = chainCalls();
        Map<String, Instant> written = lastModified(id);

        topics.send(id, json.replace("2025-01-31T12:00:00Z", "2025-01-31T12:09:00Z"));
        List<JobEvent> events = topics.awaitEvents(id, seen -> seen.stream()
                .filter(JobCompleted.class::isInstance).count() == 2, PipelineEndToEndTest.WAIT);

        JobCompleted second = (JobCompleted) events.get(events.size() - 1);
        assertEquals(first.objects(), second.objects(), "same keys, sizes and sha256s");
        assertEquals(first.modelVersion(), second.modelVersion());
        assertEquals(chainCalls, chainCalls(), "no chain call for the duplicate");
        assertEquals(written, lastModified(id), "no object rewritten");
        assertEquals(1, events.stream().filter(e -> e.eventType().equals("accepted")).count(),
                "the duplicate is answered from the manifest, not accepted again");
    }

    @Test
    void twoCopiesDeliveredBackToBackAreComputedOnceAndAnsweredOnce() {
        String id = "e2e-twice-" + UUID.randomUUID();
        String json = Requests.generate(id, MODEL, 3, 909, "\"classLabels\":[2]");
        long chainCalls = chainCalls();
        topics.send(id, json);
        topics.send(id, json);

        JobCompleted completed = StoredJobs.completed(topics.awaitTerminal(id, PipelineEndToEndTest.WAIT));
        chainCalls(); // both copies handled
        long settled = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
        List<JobEvent> events = topics.awaitEvents(id, seen -> System.nanoTime() > settled,
                PipelineEndToEndTest.WAIT);

        // The second record was written before the job ended: it is the same submission delivered twice (as a
        // rebalance redelivers a record whose offset was not committed yet), not a new one, so it is not answered.
        assertEquals(1, events.stream().filter(JobEvent::terminal).count(), "one terminal event: " + events);
        assertEquals(chainCalls + 1, chainCalls(), "3 images: one chain call, made once for both copies");
        StoredJobs.assertStored(store, Requests.parse(json), completed);
    }

    @Test
    void jobIdReusedWithDifferentContentFailsWithAClearConflict() {
        String id = "e2e-reuse-" + UUID.randomUUID();
        topics.send(id, Requests.generate(id, MODEL, 2, 1, "\"classLabels\":[1]"));
        JobCompleted original = StoredJobs.completed(topics.awaitTerminal(id, PipelineEndToEndTest.WAIT));

        topics.send(id, Requests.generate(id, MODEL, 2, 2, "\"classLabels\":[1]"));
        List<JobEvent> events = topics.awaitEvents(id, seen -> seen.stream().anyMatch(JobFailed.class::isInstance),
                PipelineEndToEndTest.WAIT);

        JobFailed failed = (JobFailed) events.get(events.size() - 1);
        assertEquals(FailureCode.JOB_ID_CONFLICT, failed.code());
        assertEquals("/jobId", failed.field());
        assertTrue(failed.message().contains("already used by a different generate request")
                && failed.message().contains(ObjectKeys.jobManifestKey(id)), failed.message());
        assertEquals(original.objects().get(0).sha256(), Sha256.hex(store.get(ObjectKeys.imageKey(id, 0))),
                "the original job's images stay");
    }

    /** Chain calls on the model so far, once no other job is running (other test classes share the worker). */
    private long chainCalls() {
        await().atMost(PipelineEndToEndTest.WAIT).until(() -> pipeline.activeJobs() == 0);
        return new JobMetrics(meters).chainCalls(MODEL);
    }

    private Map<String, Instant> lastModified(String jobId) {
        return store.list(ObjectKeys.jobPrefix(jobId)).stream()
                .collect(Collectors.toMap(ObjectInfo::key, ObjectInfo::lastModified));
    }
}
