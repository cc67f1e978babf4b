package dev.udpm.bench.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line of the fault suite ({@code bench faults ...}).
 *
 * @param quick a tiny model, small jobs and short outages: checks the suite and the invariants in a few minutes
 * @param scenarios the scenarios to run, in this order (names of {@link Scenarios#NAMES})
 * @param workerJar the packaged worker
 * @param bundledModel the model folder the workers serve, or empty for the worker's packaged trained model
 * @param modelName the name of that model (what the jobs ask for)
 * @param bulkImages images of the bulk job of the bulk scenarios
 * @param shardSize the workers' {@code udpm.worker.jobs.shard-size}
 * @param concurrentJobs jobs in flight in the repeated-kills scenario
 * @param concurrentImages images of each of them
 * @param outage how long the broker or the object store is paused or down
 * @param markdown where to also write the report, if anywhere
 */
public record FaultOptions(boolean quick, List<String> scenarios, Path workerJar, Optional<Path> bundledModel,
        String modelName, int bulkImages, int shardSize, int concurrentJobs, int concurrentImages, Duration outage,
        Optional<Path> markdown) {

    public FaultOptions {
        scenarios = List.copyOf(scenarios);
    }

    /**
     * Parses {@code --quick}, {@code --scenarios a,b}, {@code --worker-jar PATH}, {@code --bulk-images N},
     * {@code --shard-size N}, {@code --jobs N}, {@code --images-per-job N}, {@code --outage-seconds N},
     * {@code --markdown PATH}. With {@code --quick} the model is a tiny one that {@link FaultSuite} exports.
     *
     * @throws IllegalArgumentException naming the argument or scenario that is unknown or lacks its value
     */
    public static FaultOptions parse(String... args) {
        boolean quick = List.of(args).contains("--quick");
        List<String> scenarios = new ArrayList<>(Scenarios.NAMES);
        Path jar = dev.udpm.bench.BenchOptions.parse("--smoke").workerJar();
        int bulk = quick ? 1200 : 2400;
        int shard = quick ? 48 : 50; // > the worker's batch (16): a shard reports progress before it ends
        int jobs = 20;
        int perJob = quick ? 40 : 300;
        Duration outage = Duration.ofSeconds(quick ? 8 : 30);
        Optional<Path> markdown = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("bench faults: " + a + " needs a value (or is unknown)");
            }
            String v = args[++i];
            switch (a) {
                case "--scenarios" -> scenarios = scenarios(v);
                case "--worker-jar" -> jar = Path.of(v);
                case "--bulk-images" -> bulk = positive(a, v);
                case "--shard-size" -> shard = positive(a, v);
                case "--jobs" -> jobs = positive(a, v);
                case "--images-per-job" -> perJob = positive(a, v);
                case "--outage-seconds" -> outage = Duration.ofSeconds(positive(a, v));
                case "--markdown" -> markdown = Optional.of(Path.of(v));
                default -> throw new IllegalArgumentException("bench faults: unknown argument " + a + "; known:"
                        + " --quick --scenarios --worker-jar --bulk-images --shard-size --jobs --images-per-job"
                        + " --outage-seconds --markdown");
            }
        }
        return new FaultOptions(quick, scenarios, jar, Optional.empty(), quick ? "tiny" : "fashion-mnist", bulk,
                shard, jobs, perJob, outage, markdown);
    }

    /** The same options serving the model in {@code dir} under {@code name}. */
    FaultOptions withBundledModel(Path dir, String name) {
        return new FaultOptions(quick, scenarios, workerJar, Optional.of(dir), name, bulkImages, shardSize,
                concurrentJobs, concurrentImages, outage, markdown);
    }

    private static List<String> scenarios(String list) {
        List<String> names = new ArrayList<>();
        for (String s : list.split(",")) {
            String t = s.trim();
            if (!Scenarios.NAMES.contains(t)) {
                throw new IllegalArgumentException("bench faults: --scenarios " + list + ": '" + t + "' is not one of "
                        + Scenarios.NAMES);
            }
            names.add(t);
        }
        return names;
    }

    private static int positive(String name, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bench faults: " + name + " = " + value + " is not a number");
        }
        if (n < 1) {
            throw new IllegalArgumentException("bench faults: " + name + " = " + value + " must be >= 1");
        }
        return n;
    }
}
