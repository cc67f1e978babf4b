package dev.udpm.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * A job's {@code priority} is honoured: a small high-priority job submitted while a large low-priority job is
 * running completes before the large one does (its images jump the batch queue). With equal priorities the batcher
 * serves jobs in submission order, so the small job would finish after the large one and this test would fail.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class PriorityEndToEndTest extends EndToEndTest {

    private static final String MODEL = PipelineEndToEndTest.MODEL;
    /** Four chain calls of the large job. */
    private static final Duration MIN_LEAD = Duration.ofSeconds(1);

    @Test
    void highPriorityJobSubmittedBehindALargeLowPriorityJobCompletesFirst() {
        // 256 images in batches of 16 with >= 250 ms per chain call: the large job needs >= 4 s after it starts.
        ChainDelay.set(Duration.ofMillis(250));
        String large = "prio-large-" + UUID.randomUUID();
        topics.send(large, Requests.generate(large, MODEL, 256, 11, "\"classLabels\":[2],\"priority\":-10"));
        topics.awaitEvents(large, events -> events.stream().anyMatch(e -> e.eventType().equals("accepted")),
                PipelineEndToEndTest.WAIT);

        String urgent = "prio-urgent-" + UUID.randomUUID();
        topics.send(urgent, Requests.generate(urgent, MODEL, 4, 12, "\"classLabels\":[7],\"priority\":10"));

        JobCompleted urgentDone = StoredJobs.completed(topics.awaitTerminal(urgent, PipelineEndToEndTest.WAIT));
        JobCompleted largeDone = StoredJobs.completed(topics.awaitTerminal(large, PipelineEndToEndTest.WAIT));
        // First come, first served would run the urgent job's one batch after the large job's last one, so the two
        // would complete within a few hundred ms of each other; ahead of the queue, it completes while the large
        // job still has several chain calls (>= 1 s) to go.
        Duration lead = Duration.between(urgentDone.time(), largeDone.time());
        assertTrue(lead.compareTo(MIN_LEAD) >= 0, "the priority-10 job completed at " + urgentDone.time()
                + ", only " + lead + " before the priority -10 job submitted before it (" + largeDone.time()
                + "); expected at least " + MIN_LEAD);
    }
}
