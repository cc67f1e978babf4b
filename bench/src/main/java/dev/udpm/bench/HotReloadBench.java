package dev.udpm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.udpm.embedded.EmbeddedKafka;
import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.embedded.UdpmTopics;
import dev.udpm.schemas.model.ModelStatus;

/**
 * P6: hot reload under steady load. The packaged worker serves {@code bench/1} (as in P3) while {@link SteadyLoad}
 * writes small jobs at a fixed fraction of the capacity measured just before (a saturating burst of the same jobs).
 * Each round is a steady window, then a new version of the same network with other weights ({@code bench/2},
 * {@code bench/3}, ...) is uploaded and announced on {@code udpm.models} while the load continues, and the reload
 * window runs from the publish until {@code hold} after the new version is seen serving (and at least long enough
 * for {@code minJobsPerWindow} jobs); a last steady window follows the last reload, so every reload window is
 * bracketed by a steady window before and after it. {@link ReloadReport} turns the jobs into the two rows.
 */
public final class HotReloadBench {

    /** Sizes of the run (full or smoke). */
    record Plan(int imagesPerJob, int warmupJobs, int capacityJobs, double loadFraction, int reloads, Duration gap,
            Duration steadyMin, int minJobsPerWindow, Duration hold, Duration switchTimeout) {

        static Plan of(BenchOptions o) {
            return o.smoke()
                    ? new Plan(2, 4, 16, 0.6, 1, Duration.ofMillis(500), Duration.ofSeconds(2), 10,
                            Duration.ofSeconds(1), Duration.ofMinutes(2))
                    : new Plan(4, 32, 96, 0.6, Math.min(3, o.rounds()), Duration.ofSeconds(5), Duration.ofSeconds(20),
                            100, Duration.ofSeconds(10), Duration.ofMinutes(3));
        }
    }

    private HotReloadBench() {
    }

    /** The two P6 rows (failed jobs; p99 reload / steady), or why they could not be measured. */
    public static List<Figure> run(BenchOptions o) throws IOException, InterruptedException {
        String why = null;
        if (!o.pipeline()) {
            why = "smoke mode: the pipeline (packaged worker, broker, S3) is run only with --pipeline";
        } else if (!Files.isRegularFile(o.workerJar())) {
            why = "no packaged worker at " + o.workerJar() + " (./mvnw -o -B -q -pl worker package -DskipTests)";
        }
        if (why != null) {
            return notMeasured(why);
        }
        Plan plan = Plan.of(o);
        Path work = Files.createTempDirectory("udpm-bench-reload");
        try {
            List<Path> versions = new ArrayList<>();
            for (int v = 1; v <= plan.reloads() + 1; v++) { // same architecture, other weights
                Path dir = work.resolve("model-" + v);
                PipelineBench.exportModel(dir, o, Integer.toString(v), 4 + v);
                versions.add(dir);
            }
            return measure(o, plan, work, versions);
        } finally {
            PipelineBench.deleteRecursively(work);
        }
    }

    private static List<Figure> measure(BenchOptions o, Plan plan, Path work, List<Path> versions)
            throws IOException, InterruptedException {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedS3 s3 = EmbeddedS3.startTransient()) {
            kafka.createTopics(UdpmTopics.specs());
            s3.createBucket(PipelineBench.BUCKET);
            Path log = Files.createTempFile("udpm-bench-reload-worker", ".log");
            try (WorkerProcess worker = WorkerProcess.start(o.workerJar(),
                    PipelineBench.workerEnv(kafka, s3, versions.get(0), work), log, Duration.ofMinutes(3));
                    JobClient client = new JobClient(kafka.bootstrapServers());
                    ModelRelease release = new ModelRelease(s3, PipelineBench.BUCKET, kafka.bootstrapServers());
                    SteadyLoad load = new SteadyLoad(kafka.bootstrapServers(), PipelineBench.MODEL,
                            plan.imagesPerJob())) {
                Duration burstTimeout = Duration.ofMinutes(3);
                client.burst(PipelineBench.MODEL, plan.warmupJobs(), plan.imagesPerJob(), burstTimeout);
                double capacity = client.burst(PipelineBench.MODEL, plan.capacityJobs(), plan.imagesPerJob(),
                        burstTimeout).jobsPerSecond();
                double rate = plan.loadFraction() * capacity;
                load.start(rate);
                List<ReloadRound> rounds = new ArrayList<>();
                for (int v = 2; v <= versions.size(); v++) {
                    Thread.sleep(plan.gap().toMillis());
                    try {
                        rounds.add(reload(plan, rate, load, release, versions.get(v - 1), Integer.toString(v - 1),
                                Integer.toString(v)));
                    } catch (NotServed e) {
                        load.stopSending();
                        return notMeasured(e.getMessage() + " (worker log " + log + ")");
                    }
                }
                Thread.sleep(plan.gap().toMillis());
                long lastFrom = System.nanoTime();
                Thread.sleep(steadyMillis(plan, rate));
                long lastTo = System.nanoTime();
                for (int i = 0; i < rounds.size(); i++) {
                    boolean last = i == rounds.size() - 1;
                    rounds.set(i, rounds.get(i).withAfter(last ? lastFrom : rounds.get(i + 1).steadyFrom(),
                            last ? lastTo : rounds.get(i + 1).publish()));
                }
                load.stopSending();
                load.drain(Duration.ofMinutes(o.smoke() ? 1 : 3));
                return ReloadReport.figures(load, rounds, String.format("%.1f jobs/s of %d images = %.0f%% of the"
                        + " capacity measured just before (%.1f jobs/s, saturating burst of %d jobs); worker log %s",
                        rate, plan.imagesPerJob(), 100 * plan.loadFraction(), capacity, plan.capacityJobs(), log));
            }
        }
    }

    /** The new version was rejected or did not serve in time. */
    private static final class NotServed extends Exception {
        NotServed(String message) {
            super(message);
        }
    }

    /** One round: steady window, publish, wait until the new version serves, hold. */
    private static ReloadRound reload(Plan plan, double rate, SteadyLoad load, ModelRelease release, Path dir,
            String oldVersion, String newVersion) throws IOException, InterruptedException, NotServed {
        long windowNanos = (long) (plan.minJobsPerWindow() / rate * 1e9);
        long steadyFrom = System.nanoTime();
        Thread.sleep(steadyMillis(plan, rate));
        long publish = System.nanoTime();
        release.publish(dir);
        long announced = System.nanoTime();
        Optional<ModelRelease.Status> outcome = Optional.empty();
        long firstNew = -1;
        long deadline = publish + plan.switchTimeout().toNanos();
        while (outcome.isEmpty() && firstNew < 0 && System.nanoTime() < deadline) {
            outcome = release.pollOutcome(PipelineBench.MODEL, newVersion, Duration.ofMillis(100));
            firstNew = load.firstCompletionNanos(newVersion);
        }
        String name = PipelineBench.MODEL + "/" + newVersion;
        if (outcome.map(s -> s.status().status() == ModelStatus.Status.REJECTED).orElse(false)) {
            throw new NotServed("the worker rejected " + name + ": " + outcome.get().status().reason());
        }
        long switched = outcome.map(ModelRelease.Status::readNanos).orElse(firstNew);
        if (switched < 0) {
            throw new NotServed("the worker did not serve " + name + " within " + plan.switchTimeout()
                    + " of its publication");
        }
        long reloadEnd = Math.max(switched + plan.hold().toNanos(), publish + windowNanos);
        while (System.nanoTime() < reloadEnd) {
            Thread.sleep(Math.max(1, Math.min(200, (reloadEnd - System.nanoTime()) / 1_000_000)));
        }
        String loadMillis = outcome.map(s -> loadMillis(s.status().reason())).orElse("?");
        return new ReloadRound(oldVersion, newVersion, steadyFrom, publish, announced, switched, outcome.isPresent(),
                loadMillis, reloadEnd, 0, 0);
    }

    /** Length of a steady window: at least {@code steadyMin} and {@code minJobsPerWindow} jobs. */
    private static long steadyMillis(Plan plan, double rate) {
        return Math.max(plan.steadyMin().toMillis(), (long) (plan.minJobsPerWindow() / rate * 1e3));
    }

    private static List<Figure> notMeasured(String why) {
        return List.of(Figure.notMeasured("P6", ReloadReport.FAILED_WHAT, ReloadReport.TARGET, why),
                Figure.notMeasured("P6", ReloadReport.RATIO_WHAT, "-", why));
    }

    private static String loadMillis(String reason) {
        Matcher m = Pattern.compile(" in (\\d+) ms").matcher(reason == null ? "" : reason);
        return m.find() ? m.group(1) : "?";
    }
}
