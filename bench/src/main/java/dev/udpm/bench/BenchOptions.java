package dev.udpm.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.udpm.core.net.UNetConfig;

/**
 * The command line of {@link BenchMain}.
 *
 * @param smoke tiny network and a few iterations: checks that every figure is produced, measures nothing useful
 * @param network the U-Net measured ({@link UNetConfig#cpuDefault} 1 channel 10 classes, 1.64 M parameters; tiny in
 *     smoke mode)
 * @param batch images per call: the worker's {@code udpm.worker.batching.max-size} default (16)
 * @param maxWaitMs the worker's {@code udpm.worker.batching.max-wait} default (20 ms), added to batched latency
 * @param warmup untimed runs of each task before timing
 * @param rounds timed rounds (medians are over rounds)
 * @param matMulSize n of the n x n MatMul that measures the peak
 * @param memoryImages images run between the two RSS readings of P7
 * @param pipelineJobs generate jobs sent for P3 (each of {@code pipelineImagesPerJob} images)
 * @param pipelineImagesPerJob images per P3 job
 * @param only the figure ids to measure (P1, P2, P3, P4, P5, P6, P7, T)
 * @param workerJar the packaged worker ({@code worker/target/quarkus-app/quarkus-run.jar}) for P3 and P6
 * @param markdown where to also write the result table, if anywhere
 * @param pipeline whether to run P3 / worker P7 / P6 (default on; in smoke mode only with {@code --pipeline})
 * @param workerJvmArgs JVM options for the P3 worker process, e.g. a JFR recording ({@code --worker-jvm-args
 *     "-XX:StartFlightRecording=filename=/tmp/w.jfr"}; split on spaces)
 */
public record BenchOptions(boolean smoke, UNetConfig network, int batch, double maxWaitMs, int warmup, int rounds,
        int matMulSize, int memoryImages, int pipelineJobs, int pipelineImagesPerJob, Set<String> only,
        Path workerJar, Optional<Path> markdown, boolean pipeline, List<String> workerJvmArgs) {

    /** Every figure id, in report order. */
    public static final List<String> ALL = List.of("P1", "P2", "P3", "P4", "P5", "P6", "P7", "T");

    /** Worker default {@code udpm.worker.batching.max-size} (BatchingConfig). */
    public static final int WORKER_BATCH = 16;

    /** Worker default {@code udpm.worker.batching.max-wait} (BatchingConfig, PT0.02S). */
    public static final double WORKER_MAX_WAIT_MS = 20;

    /**
     * Parses {@code --smoke}, {@code --pipeline}, {@code --only P1,P4}, {@code --batch N}, {@code --rounds N},
     * {@code --warmup N},
     * {@code --memory-images N}, {@code --jobs N}, {@code --images-per-job N}, {@code --worker-jar PATH},
     * {@code --markdown PATH}, {@code --worker-jvm-args "OPTIONS"}.
     *
     * @throws IllegalArgumentException naming the argument that is unknown or lacks its value
     */
    public static BenchOptions parse(String... args) {
        boolean smoke = List.of(args).contains("--smoke");
        UNetConfig network = smoke ? UNetConfig.tiny(1, 10) : UNetConfig.cpuDefault(1, 10);
        int batch = smoke ? 4 : WORKER_BATCH;
        int warmup = smoke ? 1 : 3;
        int rounds = smoke ? 1 : 9;
        int matMul = smoke ? 128 : 2048;
        int memoryImages = smoke ? 32 : 10_000;
        int jobs = smoke ? 2 : 16;
        int perJob = smoke ? 4 : 64;
        Set<String> only = new LinkedHashSet<>(ALL);
        Path workerJar = defaultWorkerJar();
        Optional<Path> markdown = Optional.empty();
        List<String> workerJvmArgs = List.of();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--smoke") || a.equals("--pipeline")) {
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("bench: " + a + " needs a value (or is unknown)");
            }
            String v = args[++i];
            switch (a) {
                case "--only" -> only = ids(v);
                case "--batch" -> batch = positive(a, v);
                case "--rounds" -> rounds = positive(a, v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--memory-images" -> memoryImages = positive(a, v);
                case "--jobs" -> jobs = positive(a, v);
                case "--images-per-job" -> perJob = positive(a, v);
                case "--worker-jar" -> workerJar = Path.of(v);
                case "--markdown" -> markdown = Optional.of(Path.of(v));
                case "--worker-jvm-args" -> workerJvmArgs = List.of(v.trim().split("\\s+"));
                default -> throw new IllegalArgumentException("bench: unknown argument " + a + "; known: --smoke --pipeline"
                        + " --only --batch --rounds --warmup --memory-images --jobs --images-per-job --worker-jar"
                        + " --markdown --worker-jvm-args");
            }
        }
        return new BenchOptions(smoke, network, batch, WORKER_MAX_WAIT_MS, warmup, rounds, matMul, memoryImages,
                jobs, perJob, only, workerJar, markdown, !smoke || List.of(args).contains("--pipeline"), workerJvmArgs);
    }

    /**
     * {@code worker/target/quarkus-app/quarkus-run.jar} of this repository, whether the command runs in the
     * repository root (exec:java) or in {@code bench/} (surefire).
     */
    static Path defaultWorkerJar() {
        Path relative = Path.of("worker", "target", "quarkus-app", "quarkus-run.jar");
        for (Path base : List.of(Path.of("."), Path.of(".."))) {
            if (java.nio.file.Files.isRegularFile(base.resolve(relative))) {
                return base.resolve(relative).normalize();
            }
        }
        return relative;
    }

    private static Set<String> ids(String list) {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : list.split(",")) {
            String t = id.trim().toUpperCase();
            if (!ALL.contains(t)) {
                throw new IllegalArgumentException("bench: --only " + list + ": '" + t + "' is not one of " + ALL);
            }
            ids.add(t);
        }
        return ids;
    }

    private static int positive(String name, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException("bench: " + name + " = " + value + " must be >= 1");
        }
        return n;
    }
}
