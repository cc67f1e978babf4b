package dev.udpm.worker.jobs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.Timings;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.Lineage;
import dev.udpm.schemas.model.ManifestPosteriorMode;
import dev.udpm.worker.config.WorkerBuild;
import dev.udpm.worker.events.JobEventJson;
import org.junit.jupiter.api.Test;

class EventSizeLimitTest {

    private static final JobRequest REQUEST = Requests.parse(Requests.generate("size-check-job-with-a-longish-id",
            "tiny", 100, 1, "\"classLabels\":[0],\"callback\":{\"ticket\":\"T-1234\"}"));

    private static final List<String> CLASS_NAMES = List.of("t-shirt_top", "trouser", "pullover", "dress", "coat",
            "sandal", "shirt", "sneaker", "bag", "ankle boot");

    /** A lineage as the worker writes it for {@link #REQUEST} (the build's commit may be absent). */
    private static final Lineage LINEAGE = new Lineage(Lineage.requestSha256(REQUEST),
            new Lineage.Model("tiny", "bundled-1", "cd".repeat(32), CLASS_NAMES),
            new Lineage.Sampler(ManifestPosteriorMode.EXACT, 3, new Lineage.GraphTuning(false, true, false)),
            Lineage.seedsOf(REQUEST), WorkerBuild.current());

    @Test
    void estimateIsATightUpperBoundOfTheWrittenEvent() {
        for (int urlLength : new int[] {0, 420}) {
            List<StoredObject> objects = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                objects.add(new StoredObject(ObjectKeys.imageKey(REQUEST.jobId(), i), "ab".repeat(32), 1234,
                        ObjectKeys.PNG, urlLength == 0 ? null : "u".repeat(urlLength)));
            }
            int actual = JobEventJson.write(new JobCompleted(REQUEST.jobId(), Instant.now(), "worker-1",
                    REQUEST.callback(), objects, ObjectKeys.jobManifestKey(REQUEST.jobId()), "tiny", "bundled-1",
                    new Timings(12, 345, 6789), null, null, LINEAGE)).getBytes(StandardCharsets.UTF_8).length;
            long estimate = EventSizeLimit.completedEventBytes(REQUEST, "worker-1", "tiny", "bundled-1",
                    CLASS_NAMES, 100, urlLength);
            assertTrue(estimate >= actual, "estimate " + estimate + " must bound the actual " + actual);
            assertTrue(estimate - actual < 100 * 8 + 120, "estimate " + estimate + " is loose against " + actual
                    + ": only the size digits, timings and the lineage's longest values may differ");
            assertTrue(estimate > EventSizeLimit.completedEventBytes(REQUEST, "worker-1", "tiny", "bundled-1", null,
                    100, urlLength), "the class names the lineage carries count");
        }
    }

    @Test
    void jobOverTheLimitIsRefusedNamingTheSizingFieldAndWhatFits() {
        long limit = EventSizeLimit.completedEventBytes(REQUEST, "w", "tiny", "1", null, 1000, 0);
        assertDoesNotThrow(() -> EventSizeLimit.check(REQUEST, "w", "tiny", "1", null, 1000, 0, limit));

        JobRejection rejection = assertThrows(JobRejection.class,
                () -> EventSizeLimit.check(REQUEST, "w", "tiny", "1", null, 1001, 0, limit));
        assertEquals(FailureCode.LIMIT_EXCEEDED, rejection.code());
        assertEquals("/count", rejection.field());
        assertTrue(rejection.getMessage().contains("at most 1000 objects"), rejection.getMessage());
        assertThrows(JobRejection.class, () -> EventSizeLimit.check(REQUEST, "w", "tiny", "1", null, 1000, 400, limit),
                "presigned URLs make each object bigger");
    }

    @Test
    void perturbIsSizedBySamplesPerStrength() {
        JobRequest perturb = Requests.parse(Requests.perturb("p", "tiny", 1, 1, "[0.5]", 4, 1, ""));
        JobRejection rejection = assertThrows(JobRejection.class,
                () -> EventSizeLimit.check(perturb, "w", "tiny", "1", null, 5, 0, 600));
        assertEquals("/samplesPerStrength", rejection.field());
    }
}
