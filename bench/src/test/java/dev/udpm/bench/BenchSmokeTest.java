package dev.udpm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Runs the whole bench in smoke mode (tiny network, one round) so it keeps compiling and producing every row. */
class BenchSmokeTest {

    private static final Set<String> ALWAYS_MEASURED = Set.of("P1", "P2", "P4", "P5", "P7");

    @Test
    void smokeRunReportsEveryFigureWithPositiveValuesAndItsCommand() throws Exception {
        Report report = BenchMain.run(BenchOptions.parse("--smoke"));
        Set<String> ids = report.figures().stream().map(Figure::id).collect(Collectors.toSet());
        assertEquals(Set.copyOf(BenchOptions.ALL), ids, "every figure id must have a row");
        for (Figure f : report.figures()) {
            assertTrue(f.command().contains("--only " + f.id()), "row " + f.id() + " must say how to reproduce it");
            boolean workerRow = f.what().startsWith("worker"); // needs --pipeline in smoke mode
            if (ALWAYS_MEASURED.contains(f.id()) && !workerRow) {
                assertTrue(f.measured() && f.value() > 0 && Double.isFinite(f.value()),
                        f.id() + " '" + f.what() + "' must be a positive number, got " + f.value());
            }
        }
        List<Figure> p1 = report.figures().stream().filter(f -> f.id().equals("P1")).toList();
        assertEquals(2, p1.size(), "P1 has a FLOP row and a time row");
        assertTrue(p1.get(0).detail().contains(" 0 unresolved"), "every Conv2D/MatMul must be sized: "
                + p1.get(0).detail());
        String markdown = report.markdown();
        assertTrue(markdown.contains("cores (nproc): "), markdown);
        assertFalse(markdown.contains("NaN"), "not-measured rows print '-', never NaN");
    }

    /**
     * P6 (hot reload under steady load) needs the packaged worker: in CI ({@code ./mvnw -B verify}) the reactor
     * packages the worker before this module's tests run; a {@code -pl bench} run without it fails, saying so.
     */
    @Test
    void smokeHotReloadMeasuresFailedJobsAndLatencyRatio() throws Exception {
        BenchOptions options = BenchOptions.parse("--smoke", "--pipeline", "--only", "P6");
        assertTrue(Files.isRegularFile(options.workerJar()), "no packaged worker at "
                + options.workerJar() + ": ./mvnw -o -B -q -pl worker package -DskipTests");
        Report report = BenchMain.run(options);
        List<Figure> p6 = report.figures().stream().filter(f -> f.id().equals("P6")).toList();
        assertEquals(2, p6.size(), "P6 has a failed-jobs row and a latency row: " + report.markdown());
        for (Figure f : p6) {
            assertTrue(f.measured() && Double.isFinite(f.value()) && f.value() >= 0, "P6 '" + f.what()
                    + "' must be measured: " + f.detail());
            assertTrue(f.command().contains("--only P6"), f.command());
        }
        assertTrue(p6.get(1).value() > 0, "p99 ratio must be positive: " + p6.get(1).detail());
        assertTrue(p6.get(0).detail().contains("on the new"), p6.get(0).detail());
    }

    @Test
    void unknownArgumentsAndIdsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse("--bogus", "1"));
        assertTrue(e.getMessage().contains("--bogus"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--only", "P9"));
        assertTrue(e.getMessage().contains("P9"), e.getMessage());
        assertEquals(Set.of("P1", "P4"), BenchOptions.parse("--only", "p1,P4").only());
    }
}
