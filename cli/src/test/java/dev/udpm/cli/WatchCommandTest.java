package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.event.Timings;
import org.junit.jupiter.api.Test;

/** {@code udpm watch} against events produced on the real broker, as a worker would write them. */
class WatchCommandTest {

    static final Instant T = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void progressIsRenderedLiveUntilCompletedWhichExitsZero() throws Exception {
        String id = "w-ok-" + UUID.randomUUID();
        TestInfra.bootstrap();
        CompletableFuture<TestInfra.Result> watch = CompletableFuture.supplyAsync(() -> TestInfra.run("watch", id,
                "--timeout", "30s"));
        Thread.sleep(1500); // the watcher is already following when the events arrive
        assertFalse(watch.isDone(), "watch must wait for the job's terminal event");
        TestInfra.produceEvents(new JobAccepted(id, T, "worker-1", null), new JobProgress(id, T, "worker-1", null, 8, 16));
        Thread.sleep(300);
        TestInfra.produceEvents(new JobProgress(id, T, "worker-1", null, 16, 16), completed(id));
        TestInfra.Result r = watch.get(30, TimeUnit.SECONDS);

        assertEquals(ExitCodes.OK, r.code(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("accepted   by worker-1 at 2025-06-01T12:00:00Z", lines.get(0), r.toString());
        assertEquals("progress   [###############---------------]  8/16  50%", lines.get(1), r.toString());
        assertEquals("progress   [##############################] 16/16 100%", lines.get(2), r.toString());
        assertEquals("completed  2 objects (manifest jobs/" + id + "/manifest.json), model fashion v1, queued 12 ms,"
                + " compute 340 ms, total 12.3 s", lines.get(3), r.toString());
        assertEquals(4, lines.size(), r.toString());
    }

    @Test
    void failedJobExitsOneWithItsCodeFieldAndMessage() {
        String id = "w-fail-" + UUID.randomUUID();
        TestInfra.produceEvents(new JobAccepted(id, T, "worker-2", null),
                new JobFailed(id, T, "worker-2", null, FailureCode.LIMIT_EXCEEDED, "level 5 is above L = 3", "/levels/0"));
        TestInfra.Result r = TestInfra.run("watch", id, "--timeout", "20s");
        assertEquals(ExitCodes.JOB_FAILED, r.code(), r.toString());
        assertTrue(r.out().contains("failed     LIMIT_EXCEEDED at /levels/0: level 5 is above L = 3"), r.toString());
        assertTrue(r.err().contains("job " + id + " failed: LIMIT_EXCEEDED at /levels/0: level 5 is above L = 3"),
                r.toString());
    }

    @Test
    void cancelledJobExitsThreeAndOtherJobsAndInvalidRecordsAreIgnored() {
        String id = "w-cancel-" + UUID.randomUUID();
        String other = "w-other-" + UUID.randomUUID();
        TestInfra.produceEvents(new JobAccepted(other, T, "worker-9", null), completed(other));
        TestInfra.produce(Topics.JOB_EVENTS, id, "{\"type\":\"progress\",\"jobId\":\"" + id + "\"}");
        TestInfra.produceEvents(new JobAccepted(id, T, "worker-3", null), new JobCancelled(id, T, "worker-3", null));
        TestInfra.Result r = TestInfra.run("watch", id, "--timeout", "20s");
        assertEquals(ExitCodes.JOB_CANCELLED, r.code(), r.toString());
        assertEquals(List.of("accepted   by worker-3 at 2025-06-01T12:00:00Z",
                "cancelled  by worker-3 at 2025-06-01T12:00:00Z"), r.out().lines().toList(), r.toString());
        assertTrue(r.err().contains("warning: skipped an invalid event of job " + id), r.toString());
        assertTrue(r.err().contains("job " + id + " was cancelled by worker-3"), r.toString());
    }

    @Test
    void noTerminalEventWithinTheTimeoutExitsFourSayingSo() {
        String id = "w-silent-" + UUID.randomUUID();
        TestInfra.produceEvents(new JobAccepted(id, T, "worker-4", null), new JobProgress(id, T, "worker-4", null, 1, 4));
        TestInfra.Result r = TestInfra.run("watch", id, "--timeout", "2s");
        assertEquals(ExitCodes.TIMEOUT, r.code(), r.toString());
        assertTrue(r.took().compareTo(Duration.ofSeconds(10)) < 0, "must give up near the timeout: " + r.took());
        assertTrue(r.err().contains("job " + id + " did not end within 2 s"), r.toString());
    }

    static JobCompleted completed(String id) {
        return new JobCompleted(id, T, "worker-1", null, List.of(
                StoredObject.of("jobs/" + id + "/000000.png", "a".repeat(64), 10, "image/png"),
                StoredObject.of("jobs/" + id + "/grid.png", "b".repeat(64), 20, "image/png")),
                "jobs/" + id + "/manifest.json", "fashion", "v1", new Timings(12, 340, 12_345));
    }
}
