package dev.udpm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void workerJvmArgsAreSplitOnSpaces() {
        BenchOptions o = BenchOptions.parse("--only", "P3", "--worker-jvm-args",
                " -XX:StartFlightRecording=filename=/tmp/w.jfr,settings=profile  -Xmx1g ");
        assertEquals(List.of("-XX:StartFlightRecording=filename=/tmp/w.jfr,settings=profile", "-Xmx1g"),
                o.workerJvmArgs());
    }

    @Test
    void noWorkerJvmArgsByDefault() {
        assertTrue(BenchOptions.parse("--only", "P3").workerJvmArgs().isEmpty());
    }
}
