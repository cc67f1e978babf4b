package dev.udpm.worker.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.ShardManifest;
import dev.udpm.schemas.status.JobPhase;
import dev.udpm.schemas.status.JobState;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import dev.udpm.worker.status.JobStatusQuery;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Bulk generate jobs on one worker (shard size 8 in the test profile): split into shards, one completed event
 * pointing at a merged manifest of shard manifests, the same bytes as a single job of the same content, and a
 * cancel that stops every shard with no merged manifest. Two workers: the fleet module's BulkJobTwoWorkersIT.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class BulkJobEndToEndTest extends EndToEndTest {

    private static final String MODEL = PipelineEndToEndTest.MODEL;

    @Inject
    ObjectStore store;

    @Inject
    JobStatusQuery status;

    @Test
    void bulkJobCompletesOnceWithAMergedManifestOfTheSameImagesAsASingleJob() throws Exception {
        String id = "e2e-bulk-" + UUID.randomUUID();
        String single = "e2e-bulk-ref-" + UUID.randomUUID();
        topics.send(id, Requests.generate(id, MODEL, 20, 77, "\"classLabels\":[1,4],\"bulk\":true"));
        // A redelivered copy: the same split is published again, and still only one completed results.
        topics.send(id, Requests.generate(id, MODEL, 20, 77, "\"classLabels\":[1,4],\"bulk\":true"));
        topics.send(single, Requests.generate(single, MODEL, 20, 77, "\"classLabels\":[1,4]"));

        List<JobEvent> events = topics.awaitTerminal(id, PipelineEndToEndTest.WAIT);
        JobCompleted reference = StoredJobs.completed(topics.awaitTerminal(single, PipelineEndToEndTest.WAIT));
        List<JobCompleted> completed = events.stream().filter(JobCompleted.class::isInstance)
                .map(JobCompleted.class::cast).toList();
        assertEquals(1, completed.size(), "exactly one completed event: " + types(events));
        JobCompleted done = completed.get(0);
        assertEquals(List.of(), done.objects(), "a bulk completed event lists no objects");
        assertEquals(20, done.objectCount());
        byte[] mergedBytes = store.get(ObjectKeys.jobManifestKey(id));
        assertEquals(Sha256.hex(mergedBytes), done.manifestSha256(), "completed carries the merged manifest's sha256");
        JobManifest merged = ContractValidator.shared().parseJobManifest(new String(mergedBytes,
                StandardCharsets.UTF_8));
        assertEquals(3, merged.shards().size(), "20 images in shards of 8: 8, 8, 4");

        Map<String, String> bulkShas = new TreeMap<>();
        for (JobManifest.ShardEntry entry : merged.shards()) {
            byte[] bytes = store.get(entry.manifest().key());
            assertEquals(entry.manifest().sha256(), Sha256.hex(bytes), "shard manifest sha256 " + entry);
            ShardManifest shard = ContractValidator.shared().parseShardManifest(new String(bytes,
                    StandardCharsets.UTF_8));
            for (StoredObject object : shard.objects()) {
                assertEquals(object.sha256(), Sha256.hex(store.get(object.key())), "stored bytes of " + object.key());
                bulkShas.put(object.key().substring(object.key().lastIndexOf('/') + 1), object.sha256());
            }
        }
        Map<String, String> singleShas = new TreeMap<>();
        reference.objects().forEach(o -> singleShas.put(o.key().substring(o.key().lastIndexOf('/') + 1), o.sha256()));
        assertEquals(singleShas, bulkShas, "a bulk job makes the same bytes as a single job of the same content");

        List<JobProgress> shardProgress = events.stream().filter(JobProgress.class::isInstance)
                .map(JobProgress.class::cast).filter(p -> p.shard() != null).toList();
        assertFalse(shardProgress.isEmpty(), "shards report progress with their shard: " + types(events));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JobState state = status.find(id).orElseThrow();
            assertEquals(JobPhase.COMPLETED, state.status());
            assertEquals(20, state.done());
            assertEquals(20, state.total());
            assertEquals(3, state.shards());
        });

        assertEquals(1, topics.currentEvents(id).stream().filter(JobCompleted.class::isInstance).count(),
                "still exactly one completed event once every shard-done was handled");

        // Submitted again: answered from the merged manifest, still nothing recomputed and no second merge.
        topics.send(id, Requests.generate(id, MODEL, 20, 77, "\"classLabels\":[1,4],\"bulk\":true"));
        List<JobEvent> again = topics.awaitEvents(id, all -> all.stream().filter(JobCompleted.class::isInstance)
                .count() == 2, PipelineEndToEndTest.WAIT);
        JobCompleted replayed = (JobCompleted) again.stream().filter(JobCompleted.class::isInstance).toList().get(1);
        assertEquals(done.manifestSha256(), replayed.manifestSha256(), "the replay points at the same manifest");
    }

    @Test
    void imagesAnInterruptedShardStoredAreFoundNotRecomputed() {
        String id = "e2e-bulk-found-" + UUID.randomUUID();
        byte[] marker = "not a png: stored by an interrupted attempt".getBytes(StandardCharsets.UTF_8);
        String markerSha = store.put(ObjectKeys.imageKey(id, 11), marker, ObjectKeys.PNG).sha256();
        topics.send(id, Requests.generate(id, MODEL, 16, 8, "\"classLabels\":[3],\"bulk\":true"));

        assertEquals("completed", topics.awaitTerminal(id, PipelineEndToEndTest.WAIT).stream()
                .filter(JobEvent::terminal).findFirst().orElseThrow().eventType());
        ShardManifest second = ContractValidator.shared().parseShardManifest(new String(
                store.get(ObjectKeys.shardManifestKey(id, 1)), StandardCharsets.UTF_8));
        assertEquals(8, second.shard().from());
        assertEquals(ObjectKeys.imageKey(id, 11), second.objects().get(3).key(), "global index 11 is shard 1's 4th");
        assertEquals(markerSha, second.objects().get(3).sha256(), "the stored image 11 was found and kept");
        assertEquals(markerSha, Sha256.hex(store.get(ObjectKeys.imageKey(id, 11))), "and not overwritten");
    }

    @Test
    void cancelStopsEveryShardAndNoMergedManifestIsWritten() {
        ChainDelay.set(Duration.ofMillis(300));
        String id = "e2e-bulk-cancel-" + UUID.randomUUID();
        topics.send(id, Requests.generate(id, MODEL, 200, 5, "\"classLabels\":[2],\"bulk\":true"));
        topics.awaitEvents(id, events -> events.stream().anyMatch(e -> e instanceof JobProgress),
                PipelineEndToEndTest.WAIT);

        topics.send(id, Requests.cancel(id));
        List<JobEvent> events = topics.awaitTerminal(id, PipelineEndToEndTest.WAIT);
        assertEquals("cancelled", events.stream().filter(JobEvent::terminal).findFirst().orElseThrow().eventType(),
                "types: " + types(events));
        // Shards stop within a batch: the image count settles well below the job's 200.
        int settled = awaitSettledImages(id);
        assertTrue(settled < 200, "stopped early: " + settled + " of 200 images stored");
        assertFalse(store.exists(ObjectKeys.jobManifestKey(id)), "a cancelled bulk job gets no merged manifest");
        assertTrue(topics.currentEvents(id).stream().noneMatch(e -> e instanceof JobCompleted),
                "a cancelled bulk job gets no completed event");
    }

    @Test
    void aHighPriorityJobSubmittedBehindABulkJobFinishesBeforeIt() {
        ChainDelay.set(Duration.ofMillis(150));
        String bulk = "e2e-bulk-low-" + UUID.randomUUID();
        String urgent = "e2e-urgent-" + UUID.randomUUID();
        topics.send(bulk, Requests.generate(bulk, MODEL, 160, 3, "\"classLabels\":[7],\"bulk\":true,\"priority\":-5"));
        topics.awaitEvents(bulk, events -> events.stream().anyMatch(e -> e instanceof JobProgress),
                PipelineEndToEndTest.WAIT);
        topics.send(urgent, Requests.generate(urgent, MODEL, 2, 3, "\"classLabels\":[7],\"priority\":10"));

        JobEvent urgentDone = topics.awaitTerminal(urgent, PipelineEndToEndTest.WAIT).stream()
                .filter(JobEvent::terminal).findFirst().orElseThrow();
        JobEvent bulkDone = topics.awaitTerminal(bulk, PipelineEndToEndTest.WAIT).stream()
                .filter(JobEvent::terminal).findFirst().orElseThrow();
        assertEquals("completed", urgentDone.eventType());
        assertEquals("completed", bulkDone.eventType());
        assertTrue(urgentDone.time().isBefore(bulkDone.time()), "the priority-10 job (done " + urgentDone.time()
                + ") finishes before the priority -5 bulk job submitted before it (done " + bulkDone.time() + ")");
    }

    private int awaitSettledImages(String id) {
        int[] last = {-1};
        await().atMost(PipelineEndToEndTest.WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> {
            int now = (int) store.list(ObjectKeys.jobPrefix(id)).stream().filter(o -> o.key().endsWith(".png"))
                    .count();
            boolean settled = now == last[0];
            last[0] = now;
            return settled;
        });
        assertNotNull(last);
        return last[0];
    }

    private static List<String> types(List<JobEvent> events) {
        return events.stream().map(JobEvent::eventType).toList();
    }
}
