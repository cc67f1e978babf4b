package dev.udpm.schemas.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fold's rules as a table: an event sequence and the phase, done/total and shard counts it must end in. The rows
 * include the cases the CLI's former first-terminal-event-wins fold answered differently (a later {@code completed},
 * a {@code JOB_ID_CONFLICT}, a resubmission), which {@code schemas/README.md} documents.
 */
class JobStateFoldTableTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final String J = "j";

    /** One row: the events and what the fold must say. {@code null} done/total/shards = absent. */
    record Row(String name, List<JobEvent> events, JobPhase phase, Integer done, Integer total, Integer shards,
               Integer shardsDone) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                row("accepted only", List.of(accepted("w1")), JobPhase.ACCEPTED, null, null, null, null),
                row("progress sets running", List.of(accepted("w1"), progress(3, 8)), JobPhase.RUNNING, 3, 8, null,
                        null),
                row("progress without accepted", List.of(progress(1, 8)), JobPhase.RUNNING, 1, 8, null, null),
                row("completed sets done to total", List.of(accepted("w1"), progress(3, 8), completed()),
                        JobPhase.COMPLETED, 8, 8, null, null),
                row("completed without progress tells no count", List.of(accepted("w1"), completed()),
                        JobPhase.COMPLETED, null, null, null, null),
                row("failed keeps the last progress", List.of(accepted("w1"), progress(3, 8),
                        failed(FailureCode.INTERNAL)), JobPhase.FAILED, 3, 8, null, null),
                row("cancelled", List.of(accepted("w1"), cancelled()), JobPhase.CANCELLED, null, null, null, null),
                row("a later completed wins over failed (resend)", List.of(accepted("w1"),
                        failed(FailureCode.STORAGE_UNAVAILABLE), accepted("w2"), completed()), JobPhase.COMPLETED, null,
                        null, null, null),
                row("completed directly after failed wins", List.of(failed(FailureCode.INTERNAL), completed()),
                        JobPhase.COMPLETED, null,
                        null, null, null),
                row("nothing undoes completed", List.of(completed(), failed(FailureCode.INTERNAL), cancelled(),
                        accepted("w3"), progress(1, 2)), JobPhase.COMPLETED, null,
                        null, null, null),
                row("a repeated completed stays completed", List.of(completed(), completed()), JobPhase.COMPLETED, null,
                        null, null, null),
                row("JOB_ID_CONFLICT of another request is ignored", List.of(accepted("w1"), progress(3, 8),
                        failed(FailureCode.JOB_ID_CONFLICT)), JobPhase.RUNNING, 3, 8, null, null),
                row("JOB_ID_CONFLICT as first event fails", List.of(failed(FailureCode.JOB_ID_CONFLICT)),
                        JobPhase.FAILED, null, null, null, null),
                row("a later terminal event replaces failed", List.of(failed(FailureCode.INTERNAL), cancelled()),
                        JobPhase.CANCELLED, null, null, null, null),
                row("stale progress after failed is ignored", List.of(failed(FailureCode.INTERNAL), progress(5, 8)),
                        JobPhase.FAILED, null, null, null, null),
                row("accepted after cancelled is a new attempt", List.of(accepted("w1"), progress(3, 8), cancelled(),
                        accepted("w2")), JobPhase.ACCEPTED, null, null, null, null),
                row("a takeover keeps running and the progress", List.of(accepted("w1"), progress(3, 8),
                        accepted("w2")), JobPhase.RUNNING, 3, 8, null, null),
                row("shards: highest done per shard, summed, finished shards counted", List.of(
                        shard(1, 2, 3, 3, 7), shard(0, 2, 2, 4, 7), shard(1, 2, 1, 3, 7)), JobPhase.RUNNING, 5, 7, 2,
                        1),
                row("shards: a finished shard reporting again counts once", List.of(
                        shard(0, 2, 4, 4, 7), shard(0, 2, 4, 4, 7)), JobPhase.RUNNING, 4, 7, 2, 1),
                row("shards: another split starts the shard fields over", List.of(
                        shard(0, 2, 4, 4, 7), shard(2, 3, 1, 2, 7)), JobPhase.RUNNING, 1, 7, 3, 0),
                row("shards: an index outside the count updates no shard", List.of(
                        shard(0, 2, 2, 4, 7), shard(5, 2, 3, 3, 7)), JobPhase.RUNNING, 2, 7, 2, 0),
                row("shards: failed keeps the shard fields", List.of(shard(0, 2, 4, 4, 7),
                        failed(FailureCode.STORAGE_UNAVAILABLE)), JobPhase.FAILED, 4, 7, 2, 1),
                row("shards: bulk completed counts every shard done", List.of(shard(0, 2, 4, 4, 7),
                        bulkCompleted(7)), JobPhase.COMPLETED, 7, 7, 2, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void foldsToTheDocumentedState(Row row) {
        JobState state = JobStateFold.fold(row.events());
        assertEquals(row.phase(), state.status(), row.name());
        assertEquals(row.done(), state.done(), row.name() + ": done");
        assertEquals(row.total(), state.total(), row.name() + ": total");
        assertEquals(row.shards(), state.shards(), row.name() + ": shards");
        assertEquals(row.shardsDone(), state.shardsDone(), row.name() + ": shardsDone");
        JobState stepwise = null;
        for (JobEvent event : row.events()) {
            stepwise = JobStateFold.apply(stepwise, event);
        }
        assertEquals(stepwise, state, "fold(list) is apply over the list");
    }

    @Test
    void aFoldNeedsAnEventAndOneJob() {
        assertThrows(IllegalArgumentException.class, () -> JobStateFold.fold(List.of()));
        assertThrows(IllegalArgumentException.class, () -> JobStateFold.fold(List.of(accepted("w1"),
                new JobAccepted("other", T, "w1", null))));
    }

    private static Arguments row(String name, List<JobEvent> events, JobPhase phase, Integer done, Integer total,
                                 Integer shards, Integer shardsDone) {
        return Arguments.of(new Row(name, events, phase, done, total, shards, shardsDone));
    }

    private static JobAccepted accepted(String worker) {
        return new JobAccepted(J, T, worker, null);
    }

    private static JobProgress progress(int done, int total) {
        return new JobProgress(J, T, "w1", null, done, total);
    }

    private static JobProgress shard(int index, int count, int done, int total, int jobTotal) {
        return new JobProgress(J, T, "w1", null, done, total, new JobProgress.ShardProgress(index, count, jobTotal));
    }

    private static JobCompleted completed() {
        return new JobCompleted(J, T, "w1", null, List.of(StoredObject.of("jobs/j/000000.png", "a".repeat(64), 1,
                "image/png"), StoredObject.of("jobs/j/000001.png", "b".repeat(64), 1, "image/png")),
                "jobs/j/manifest.json", "m", "v1", new Timings(1, 2, 3));
    }

    private static JobCompleted bulkCompleted(int count) {
        return new JobCompleted(J, T, "w1", null, List.of(), "jobs/j/manifest.json", "m", "v1", new Timings(1, 2, 3),
                "c".repeat(64), count);
    }

    private static JobFailed failed(FailureCode code) {
        return new JobFailed(J, T, "w1", null, code, "it broke", null);
    }

    private static JobCancelled cancelled() {
        return new JobCancelled(J, T, "w1", null);
    }
}
