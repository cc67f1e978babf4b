package dev.udpm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * One command that measures the fleet against its own limits and peers, as ratios (issue 8): every figure divides
 * two things measured side by side in the same run, medians over rounds, warm-up first. Prints the machine, then
 * one row per figure with the command that reproduces it.
 *
 * <p>Run: {@code ./mvnw -o -B -q -pl bench compile exec:java} (all figures, ~10 min on 2 cores) or with
 * {@code -Dexec.args="--only P1,P4"}; {@code --smoke} runs everything on a tiny network in seconds (CI, via
 * BenchSmokeTest). P3 and P6 need the packaged worker: {@code ./mvnw -o -B -q -pl worker package -DskipTests}.
 * {@code -Dexec.args="faults ..."} runs the fault suite instead ({@link dev.udpm.bench.faults.FaultSuite}).
 * {@code -Dexec.args="datasets ..."} compares the png and shards output formats instead ({@link DatasetBench}).
 * {@code -Dexec.args="profile ..."} runs the chain profile instead ({@link dev.udpm.bench.profile.ProfileCommand}).
 */
public final class BenchMain {

    private static final String BASE = "./mvnw -o -B -q -pl bench compile exec:java";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        if (args.length > 0 && args[0].equals("faults")) {
            dev.udpm.bench.faults.FaultSuite.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("datasets")) {
            DatasetBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("profile")) {
            dev.udpm.bench.profile.ProfileCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        BenchOptions options = BenchOptions.parse(args);
        Report report = run(options);
        String text = report.markdown();
        System.out.print(text);
        if (options.markdown().isPresent()) {
            Files.writeString(options.markdown().get(), text);
        }
    }

    /** The command that reproduces figure {@code id} alone. */
    public static String command(String id) {
        return BASE + " -Dexec.args=\"--only " + id + "\"";
    }

    /** Measures the figures {@code options} asks for, in report order. */
    public static Report run(BenchOptions options) throws IOException, InterruptedException {
        List<String> machine = new ArrayList<>(Machine.describe());
        List<Figure> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        var only = options.only();
        try (BenchGraph g = new BenchGraph(options.network(), 32)) {
            machine.add(String.format("network: %s, %,d parameters, 32x32x1 images%s", options.network(),
                    g.parameterCount(), options.smoke() ? " (SMOKE MODE: tiny network, numbers meaningless)" : ""));
            if (only.contains("P1") || only.contains("P2") || only.contains("P4") || only.contains("P5")) {
                figures.addAll(NetworkBench.run(g, options, only));
            }
            if (only.contains("P7")) {
                figures.add(MemoryBench.run(g, options.batch(), options.warmup(), options.memoryImages()));
            }
        }
        if (only.contains("P3")) {
            figures.addAll(PipelineBench.run(options));
        }
        if (only.contains("P6")) {
            figures.addAll(HotReloadBench.run(options));
        }
        if (only.contains("T")) {
            figures.add(TrainingBench.run(options));
        }
        figures.sort(java.util.Comparator.comparingInt(f -> BenchOptions.ALL.indexOf(f.id())));
        machine.add("load average at end (1/5/15 min): " + Machine.loadAverage());
        return new Report(machine, figures, notes);
    }
}
