package dev.udpm.schemas.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.event.Timings;
import org.junit.jupiter.api.Test;

class JobStateFoldTest {

    private static final String JOB = "job-1";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<StoredObject> OBJECTS = List.of(
            StoredObject.of("jobs/job-1/000000.png", "a".repeat(64), 10, "image/png"),
            StoredObject.of("jobs/job-1/000001.png", "b".repeat(64), 11, "image/png"));

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static JobAccepted accepted(int at, String worker) {
        return new JobAccepted(JOB, t(at), worker, null);
    }

    private static JobProgress progress(int at, String worker, int done, int total) {
        return new JobProgress(JOB, t(at), worker, null, done, total);
    }

    private static JobCompleted completed(int at, String worker) {
        return new JobCompleted(JOB, t(at), worker, null, OBJECTS, "jobs/job-1/manifest.json", "tiny", "v1",
                new Timings(1, 2, 3));
    }

    private static JobFailed failed(int at, FailureCode code) {
        return new JobFailed(JOB, t(at), "w1", null, code, "it broke", "/count");
    }

    private static JobState fold(JobEvent... events) {
        JobState state = null;
        for (JobEvent event : events) {
            state = JobStateFold.apply(state, event);
        }
        return state;
    }

    @Test
    void acceptedThenProgressThenCompletedCarriesCountsKeysAndModel() {
        JobState accepted = fold(accepted(1, "w1"));
        assertEquals(JobPhase.ACCEPTED, accepted.status());
        assertNull(accepted.done(), "no progress yet");
        assertEquals(t(1), accepted.acceptedAt());

        JobState running = fold(accepted(1, "w1"), progress(2, "w1", 3, 8));
        assertEquals(JobPhase.RUNNING, running.status());
        assertEquals(3, running.done());
        assertEquals(8, running.total());
        assertEquals(t(2), running.updatedAt());

        JobState done = fold(accepted(1, "w1"), progress(2, "w1", 3, 8), completed(5, "w1"));
        assertEquals(JobPhase.COMPLETED, done.status());
        assertEquals(8, done.done(), "completed means all of total done");
        assertEquals(8, done.total());
        assertEquals(OBJECTS, done.objects());
        assertEquals("jobs/job-1/manifest.json", done.manifestKey());
        assertEquals("v1", done.modelVersion());
        assertEquals(t(1), done.acceptedAt());
        assertEquals(t(5), done.updatedAt());
    }

    @Test
    void completedIsNotUndoneByLateProgressAcceptedFailedOrCancelled() {
        JobState done = fold(accepted(1, "w1"), progress(2, "w1", 3, 8), completed(5, "w1"));
        assertSame(done, JobStateFold.apply(done, progress(6, "w2", 4, 8)), "zombie progress");
        assertSame(done, JobStateFold.apply(done, accepted(7, "w2")), "duplicate accepted");
        assertSame(done, JobStateFold.apply(done, failed(8, FailureCode.INTERNAL)));
        assertSame(done, JobStateFold.apply(done, new JobCancelled(JOB, t(9), "w2", null)), "cancel too late");
        JobState replayed = JobStateFold.apply(done, completed(10, "w2"));
        assertEquals(JobPhase.COMPLETED, replayed.status());
        assertEquals("w2", replayed.workerId(), "a replay from the manifest is a new completed event");
    }

    @Test
    void completedKeepsObjectsWithoutTheirExpiringPresignedUrls() {
        JobCompleted withUrls = new JobCompleted(JOB, t(5), "w1", null, List.of(new StoredObject(
                "jobs/job-1/000000.png", "a".repeat(64), 10, "image/png", "http://s3/jobs/job-1/000000.png?sig=x")),
                "jobs/job-1/manifest.json", "tiny", "v1", new Timings(1, 2, 3));
        assertEquals(List.of(OBJECTS.get(0)), fold(withUrls).objects());
    }

    @Test
    void idConflictOfAnotherRequestLeavesTheKnownJobAlone() {
        JobState running = fold(accepted(1, "w1"), progress(2, "w1", 3, 8));
        assertSame(running, JobStateFold.apply(running, failed(3, FailureCode.JOB_ID_CONFLICT)));
        JobState unknownConflict = fold(failed(3, FailureCode.JOB_ID_CONFLICT));
        assertEquals(JobPhase.FAILED, unknownConflict.status(), "a conflict is all there is to say of a new id");
        assertEquals(FailureCode.JOB_ID_CONFLICT, unknownConflict.failureCode());
    }

    @Test
    void failedCarriesCodeMessageFieldAndKeepsLastProgress() {
        JobState state = fold(accepted(1, "w1"), progress(2, "w1", 3, 8), failed(4, FailureCode.INTERNAL));
        assertEquals(JobPhase.FAILED, state.status());
        assertEquals(FailureCode.INTERNAL, state.failureCode());
        assertEquals("it broke", state.failureMessage());
        assertEquals("/count", state.failureField());
        assertEquals(3, state.done());
        assertNull(state.objects());
    }

    @Test
    void resubmissionAfterFailedOrCancelledStartsANewAttemptAndStaleProgressIsIgnored() {
        JobState failed = fold(accepted(1, "w1"), progress(2, "w1", 3, 8), failed(4, FailureCode.INTERNAL));
        assertSame(failed, JobStateFold.apply(failed, progress(5, "w1", 4, 8)), "stale progress after the end");
        JobState again = JobStateFold.apply(failed, accepted(6, "w2"));
        assertEquals(JobPhase.ACCEPTED, again.status());
        assertNull(again.done(), "a new attempt starts from nothing");
        assertNull(again.failureCode());
        assertEquals(t(6), again.acceptedAt());

        JobState cancelled = fold(accepted(1, "w1"), new JobCancelled(JOB, t(2), "w1", null));
        assertEquals(JobPhase.CANCELLED, cancelled.status());
        assertEquals(JobPhase.COMPLETED, JobStateFold.apply(cancelled, completed(3, "w2")).status(),
                "a completed resubmission wins: its manifest exists");
    }

    @Test
    void takeoverByAnotherWorkerKeepsRunningAndTheLastProgress() {
        JobState running = fold(accepted(1, "w1"), progress(2, "w1", 3, 8));
        JobState takenOver = JobStateFold.apply(running, accepted(3, "w2"));
        assertEquals(JobPhase.RUNNING, takenOver.status());
        assertEquals(3, takenOver.done());
        assertEquals("w2", takenOver.workerId());
        assertEquals(t(1), takenOver.acceptedAt(), "accepted time of the job, not of the takeover");
        assertEquals(6, JobStateFold.apply(takenOver, progress(4, "w2", 6, 8)).done());
    }

    @Test
    void theTenantComesFromTheAppliedAcceptedEventAndOtherEventsKeepIt() {
        JobAccepted acme = new JobAccepted(JOB, t(0), "w1", null, "acme");
        assertEquals("acme", fold(acme).tenant());
        assertEquals("acme", fold(acme, progress(1, "w1", 1, 2), completed(2, "w1")).tenant());
        assertEquals("acme", fold(acme, progress(1, "w1", 1, 2), new JobAccepted(JOB, t(2), "w2", null, "acme"),
                failed(3, FailureCode.INTERNAL)).tenant(), "a takeover keeps it");
        assertEquals("globex", fold(acme, failed(1, FailureCode.INTERNAL),
                new JobAccepted(JOB, t(2), "w2", null, "globex")).tenant(), "a new attempt is the new request's");
        assertNull(fold(acme, failed(1, FailureCode.INTERNAL), accepted(2, "w2")).tenant(),
                "a new attempt without tenant has none");
        assertEquals("acme", fold(acme, completed(1, "w1"), new JobAccepted(JOB, t(2), "w2", null, "globex"))
                .tenant(), "a completed job stays its owner's");
        assertNull(fold(progress(0, "w1", 1, 2)).tenant(), "no accepted seen: no tenant (admins only)");
        JobFailed refused = new JobFailed(JOB, t(0), "w1", null, FailureCode.MODEL_NOT_FOUND, "no model", "/model",
                "acme");
        assertEquals("acme", fold(refused).tenant(), "refused before it was accepted: still the tenant's");
        assertEquals("acme", fold(acme, progress(1, "w1", 1, 2), new JobFailed(JOB, t(2), "w1", null,
                FailureCode.INTERNAL, "x", null, "globex")).tenant(), "a failure of the running job keeps its owner");
    }

    @Test
    void eventOfAnotherJobIsRefused() {
        JobState state = fold(accepted(1, "w1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobStateFold.apply(state, new JobAccepted("job-2", t(2), "w1", null)));
        assertEquals("event of job job-2 folded into the state of job job-1: the store is keyed by jobId, this is a bug",
                e.getMessage());
    }

    private static JobProgress shard(int at, String worker, int index, int done, int total) {
        return new JobProgress(JOB, t(at), worker, null, done, total, new JobProgress.ShardProgress(index, 3, 20));
    }

    @Test
    void shardProgressIsSummedOverTheShardsAndARedoneShardNeverGoesBack() {
        JobState state = fold(accepted(0, "w1"), shard(1, "w1", 0, 4, 8), shard(2, "w2", 1, 8, 8),
                shard(3, "w2", 2, 2, 4));
        assertEquals(JobPhase.RUNNING, state.status());
        assertEquals(14, state.done(), "4 + 8 + 2");
        assertEquals(20, state.total(), "the job's image count");
        assertEquals(3, state.shards());
        assertEquals(1, state.shardsDone(), "shard 1 reported all its images");
        assertEquals(List.of(4, 8, 2), state.shardProgress());

        JobState redone = fold(accepted(0, "w1"), shard(1, "w1", 0, 6, 8), shard(2, "w2", 0, 2, 8),
                shard(3, "w2", 0, 8, 8), shard(4, "w2", 0, 8, 8));
        assertEquals(8, redone.done(), "a shard redone from 2 after reaching 6 stays at 6, then rises to 8");
        assertEquals(1, redone.shardsDone(), "a shard done twice counts once");
    }

    @Test
    void aBulkCompletedKeepsTheShardsAndCarriesTheMergedManifest() {
        JobCompleted bulk = new JobCompleted(JOB, t(9), "w1", null, List.of(), "jobs/job-1/manifest.json", "tiny",
                "v1", new Timings(1, 2, 3), "c".repeat(64), 20);
        JobState state = fold(accepted(0, "w1"), shard(1, "w1", 0, 8, 8), accepted(2, "w2"), shard(3, "w2", 1, 8, 8),
                shard(4, "w1", 2, 4, 4), bulk);
        assertEquals(JobPhase.COMPLETED, state.status());
        assertEquals(20, state.done());
        assertEquals(20, state.total());
        assertEquals(3, state.shards(), "an accepted in between keeps the shards");
        assertEquals(3, state.shardsDone());
        assertEquals("c".repeat(64), state.manifestSha256());
        assertEquals(20, state.objectCount());
        assertEquals(List.of(), state.objects());
    }

    @Test
    void shardProgressAfterACancelIsIgnored() {
        JobState state = fold(accepted(0, "w1"), shard(1, "w1", 0, 4, 8),
                new JobCancelled(JOB, t(2), "w1", null), shard(3, "w2", 1, 8, 8));
        assertEquals(JobPhase.CANCELLED, state.status());
        assertEquals(4, state.done(), "the cancelled job keeps the progress it had");
        assertEquals(List.of(4, 0, 0), state.shardProgress());
    }
}
