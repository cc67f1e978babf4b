package dev.udpm.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.storage.ObjectStore;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Cancel records on udpm.jobs (same key as the job): the job stops within one batch, no manifest. */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class CancelEndToEndTest extends EndToEndTest {

    private static final String MODEL = PipelineEndToEndTest.MODEL;

    @Inject
    ObjectStore store;

    @Test
    void cancelStopsARunningJobWithinOneBatchAndWritesNoManifest() {
        ChainDelay.set(Duration.ofMillis(400));
        String id = "e2e-cancel-" + UUID.randomUUID();
        topics.send(id, Requests.generate(id, MODEL, 96, 4, "\"classLabels\":[5]"));
        topics.awaitEvents(id, events -> events.stream().anyMatch(e -> e.eventType().equals("accepted")),
                PipelineEndToEndTest.WAIT);

        topics.send(id, Requests.cancel(id));
        List<JobEvent> events = topics.awaitTerminal(id, PipelineEndToEndTest.WAIT);

        assertEquals("cancelled", events.get(events.size() - 1).eventType(), "types: "
                + events.stream().map(JobEvent::eventType).toList());
        assertFalse(store.exists(ObjectKeys.jobManifestKey(id)), "a cancelled job writes no manifest");
        int stored = store.list(ObjectKeys.jobPrefix(id)).size();
        assertTrue(stored < 96, "stopped early: " + stored + " of 96 images (+ claim) stored");
    }

    @Test
    void cancelOfAnUnknownJobIsAcknowledgedAndThePartitionGoesOn() {
        String unknown = "e2e-unknown-" + UUID.randomUUID();
        topics.send(unknown, Requests.cancel(unknown).getBytes(StandardCharsets.UTF_8), 2);
        String next = "e2e-after-cancel-" + UUID.randomUUID();
        topics.send(next, Requests.generate(next, MODEL, 1, 9, "\"classLabels\":[0]").getBytes(StandardCharsets.UTF_8),
                2);

        assertEquals("completed", topics.awaitTerminal(next, PipelineEndToEndTest.WAIT).stream()
                .filter(JobEvent::terminal).findFirst().orElseThrow().eventType());
        assertEquals(List.of(), topics.currentEvents(unknown), "a cancel of an unknown job emits nothing");
    }
}
