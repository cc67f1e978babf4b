package dev.udpm.bench.fairness;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line of {@link FairnessBench}.
 *
 * @param smoke the tiny network and a short run: checks the bench works, measures nothing useful
 * @param smallJobs jobs tenant B submits in each phase
 * @param smallImages images per job of tenant B
 * @param gapMs time between two submissions of tenant B (open loop)
 * @param bulkImages images of tenant A's bulk job
 * @param workerJar the packaged worker
 * @param patienceSeconds how long after its last submission the loaded phase waits for B's jobs (the rest are
 *     reported as still waiting, their latency a lower bound)
 */
record FairnessOptions(boolean smoke, int smallJobs, int smallImages, int gapMs, int bulkImages, Path workerJar,
        int patienceSeconds) {

    /**
     * Parses {@code --smoke}, {@code --small-jobs N}, {@code --small-images N}, {@code --gap-ms N},
     * {@code --bulk-images N}, {@code --worker-jar PATH}, {@code --patience-seconds N}.
     *
     * @throws IllegalArgumentException naming the argument that is unknown, lacks its value or is not positive
     */
    static FairnessOptions parse(String... args) {
        boolean smoke = List.of(args).contains("--smoke");
        int smallJobs = smoke ? 4 : 30;
        int smallImages = 4;
        int gapMs = 500;
        int bulkImages = smoke ? 400 : 10_000;
        int patience = smoke ? 60 : 90;
        Path jar = Path.of("worker", "target", "quarkus-app", "quarkus-run.jar");
        if (!jar.toFile().isFile()) {
            jar = Path.of("..").resolve(jar).normalize();
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--smoke")) {
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("fairness bench: " + a + " needs a value (or is unknown)");
            }
            String v = args[++i];
            switch (a) {
                case "--small-jobs" -> smallJobs = positive(a, v);
                case "--small-images" -> smallImages = positive(a, v);
                case "--gap-ms" -> gapMs = positive(a, v);
                case "--bulk-images" -> bulkImages = positive(a, v);
                case "--worker-jar" -> jar = Path.of(v);
                case "--patience-seconds" -> patience = positive(a, v);
                default -> throw new IllegalArgumentException("fairness bench: unknown argument " + a);
            }
        }
        return new FairnessOptions(smoke, smallJobs, smallImages, gapMs, bulkImages, jar, patience);
    }

    private static int positive(String name, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fairness bench: " + name + " must be a positive integer, got " + value);
        }
        if (n < 1) {
            throw new IllegalArgumentException("fairness bench: " + name + " must be >= 1, got " + n);
        }
        return n;
    }
}
