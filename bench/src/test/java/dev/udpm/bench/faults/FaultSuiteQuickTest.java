package dev.udpm.bench.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The CI slice of the fault suite: two real worker jars (child processes), a KRaft broker and S3Proxy each in a JVM
 * of its own, a tiny model and one bulk job; the worker that is not the job's owner is killed with SIGKILL while it
 * runs a shard and restarted at once. Asserts the invariants, never timings: the job completes, with exactly one
 * terminal event, and its images are byte-identical to the undisturbed run of the same request (none lost,
 * duplicated or corrupt). Needs the packaged worker, which the reactor builds before this module's tests.
 */
class FaultSuiteQuickTest {

    @Test
    void aPeerKilledMidShardAndRestartedLosesNothingAndTheJobEndsOnce() throws Exception {
        FaultOptions options = FaultOptions.parse("--quick", "--scenarios", "kill-peer-restart");
        assertTrue(Files.isRegularFile(options.workerJar()), "no packaged worker at " + options.workerJar()
                + ": ./mvnw -B -q -pl worker -am package -DskipTests");
        FaultReport report = FaultSuite.run(options, System.out::println);
        System.out.print(report.markdown());
        assertEquals(1, report.outcomes().size(), report.markdown());
        Outcome o = report.outcomes().get(0);
        assertTrue(o.fault().startsWith("kill -9 worker-"), o.fault());
        assertFalse(o.notes().contains("landed late") || o.notes().contains("ran no shard"),
                "the kill must hit a running shard of the job: " + o.notes());
        assertEquals(1, o.completed(), "completed: " + o.notes());
        assertEquals(0, o.failed(), o.notes());
        assertEquals(0, o.neverEnded(), o.notes());
        assertEquals(List.of(1), o.terminalsPerJob(), "exactly one terminal event");
        assertEquals(0, o.lost(), "lost images");
        assertEquals(0, o.duplicated(), "duplicated images");
        assertEquals(0, o.corrupt(), "corrupt images");
        assertTrue(o.byteIdentical(), o.notes());
        assertTrue(report.invariantsHold());
    }
}
