package dev.udpm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.udpm.embedded.EmbeddedKafka;
import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.embedded.UdpmTopics;

/**
 * Dataset output formats side by side (issue 16, point 5): the packaged worker (a child process, local profile)
 * against an embedded broker and S3 server in this JVM runs bulk generate jobs of the same size and content in
 * {@code output.format} {@code png} and {@code shards}, rounds interleaved (png, shards, png, shards, ...) after one
 * warm-up job of each. Per job: images/s from the write to {@code udpm.jobs} to the {@code completed} event, and the
 * S3 requests the server received meanwhile (counted by the embedded S3 server per signed request, so every PUT,
 * GET, HEAD and listing the worker made, background calls included), per 1,000 images. Before each job the server's
 * requests are counted over an idle window ({@code --idle-seconds}, default 10) with no job running: the worker's
 * background rate (its object-store readiness probe), from which the job's own requests are the count during the job
 * minus that rate times the job's duration.
 *
 * <p>Run: {@code ./mvnw -o -B -q -pl bench compile exec:java -Dexec.args="datasets --images 5000 --rounds 3"}
 * (options: {@code --model DIR}, default the packaged {@code models/fashion-mnist}; {@code --samples-per-shard N},
 * default 1000). The worker jar: {@code ./mvnw -o -B -q -pl worker -am package -DskipTests}.
 */
public final class DatasetBench {

    private DatasetBench() {
    }

    /** One job's figures. */
    record Run(String format, int images, double seconds, long requests, double idlePerSecond) {

        /** Requests of the job itself: the count during it minus the background rate over its duration. */
        double ownRequests() {
            return requests - idlePerSecond * seconds;
        }

        double ownRequestsPer1000() {
            return ownRequests() * 1000.0 / images;
        }

        double imagesPerSecond() {
            return images / seconds;
        }

        double requestsPer1000() {
            return requests * 1000.0 / images;
        }
    }

    public static void main(String[] args) throws Exception {
        int images = 5000;
        int rounds = 3;
        int perTar = 1000;
        int idleSeconds = 10;
        Path model = null;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--images" -> images = Integer.parseInt(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--samples-per-shard" -> perTar = Integer.parseInt(v);
                case "--model" -> model = Path.of(v);
                case "--idle-seconds" -> idleSeconds = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("datasets: unknown option " + args[i]
                        + " (--images N --rounds N --samples-per-shard N --model DIR --idle-seconds N)");
            }
            i++;
        }
        if (model == null) {
            model = Files.isDirectory(Path.of("models", "fashion-mnist")) ? Path.of("models", "fashion-mnist")
                    : Path.of("..", "models", "fashion-mnist");
        }
        String modelName = dev.udpm.schemas.Json.mapper().readTree(model.resolve("manifest.json").toFile())
                .get("name").asText();
        List<String> machine = new ArrayList<>(Machine.describe());
        List<Run> runs = measure(model.toAbsolutePath(), modelName, images, rounds, perTar, idleSeconds);
        machine.add("load average at end (1/5/15 min): " + Machine.loadAverage());
        System.out.print(report(machine, runs, images, rounds, perTar, modelName));
    }

    static List<Run> measure(Path model, String modelName, int images, int rounds, int perTar, int idleSeconds)
            throws Exception {
        Path work = Files.createTempDirectory("udpm-bench-datasets");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedS3 s3 = EmbeddedS3.startTransient()) {
            kafka.createTopics(UdpmTopics.specs());
            s3.createBucket(PipelineBench.BUCKET);
            Map<String, String> env = PipelineBench.workerEnv(kafka, s3, model, work);
            Duration timeout = Duration.ofMinutes(30);
            try (WorkerProcess worker = WorkerProcess.start(BenchOptions.defaultWorkerJar(), env,
                    Files.createTempFile("udpm-bench-datasets-worker", ".log"), Duration.ofMinutes(10));
                    JobClient client = new JobClient(kafka.bootstrapServers())) {
                for (String format : List.of("png", "shards")) {
                    run(client, s3, modelName, format, Math.min(images, 1000), perTar, timeout, 0); // warm-up
                }
                List<Run> runs = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    for (String format : List.of("png", "shards")) {
                        ThreadCpu workerBefore = ThreadCpu.snapshot(Long.toString(worker.pid()));
                        ThreadCpu benchBefore = ThreadCpu.snapshot("self");
                        Run run = run(client, s3, modelName, format, images, perTar, timeout, idleSeconds);
                        // where the job's CPU went, by thread group (the object store runs in this JVM); the idle
                        // wait before the job is inside the window, its CPU is small
                        System.err.printf("  %s: worker process, by thread group:%n%s  %1$s: bench JVM (S3Proxy, the"
                                + " broker, the client), by thread group:%n%s", format, ThreadCpu.perImage(
                                        ThreadCpu.snapshot(Long.toString(worker.pid())).secondsSince(workerBefore),
                                        images, 0.02), ThreadCpu.perImage(ThreadCpu.snapshot("self")
                                                .secondsSince(benchBefore), images, 0.02));
                        System.err.printf("round %d %-6s %6.1f images/s, %5d S3 requests in %.0f s (%.1f per 1,000"
                                + " images; idle %.2f/s; the job's own %.1f per 1,000), load %s%n", r + 1, format,
                                run.imagesPerSecond(), run.requests(), run.seconds(), run.requestsPer1000(),
                                run.idlePerSecond(), run.ownRequestsPer1000(), Machine.loadAverage());
                        runs.add(run);
                    }
                }
                return runs;
            }
        } finally {
            PipelineBench.deleteRecursively(work);
        }
    }

    private static Run run(JobClient client, EmbeddedS3 s3, String model, String format, int images, int perTar,
            Duration timeout, int idleSeconds) throws InterruptedException {
        double idlePerSecond = 0;
        if (idleSeconds > 0) {
            long idleStart = s3.requestCount();
            long t0 = System.nanoTime();
            Thread.sleep(idleSeconds * 1000L);
            idlePerSecond = (s3.requestCount() - idleStart) / ((System.nanoTime() - t0) / 1e9);
        }
        String id = "bench-" + format + "-" + UUID.randomUUID().toString().substring(0, 8);
        String output = format.equals("png") ? "" : ",\"output\":{\"format\":\"shards\",\"samplesPerShard\":"
                + perTar + "}";
        String body = """
                {"type":"generate","jobId":"%s","submittedAt":"2025-01-31T12:00:00Z","model":{"name":"%s"},\
                "count":%d,"seed":%d,"classLabels":[0,1,2,3,4,5,6,7,8,9],"bulk":true%s}"""
                .formatted(id, model, images, 7, output);
        long before = s3.requestCount();
        double seconds = client.timeJob(id, body, timeout);
        return new Run(format, images, seconds, s3.requestCount() - before, idlePerSecond);
    }

    static String report(List<String> machine, List<Run> runs, int images, int rounds, int perTar, String model) {
        StringBuilder out = new StringBuilder("# Dataset formats: png vs shards (bulk jobs, packaged worker)\n\n");
        machine.forEach(m -> out.append("- ").append(m).append('\n'));
        out.append(String.format("- %d rounds (png, shards interleaved) of one bulk job of %d images of model %s,"
                + " shards of %d samples, after one warm-up job of each%n%n", rounds, images, model, perTar));
        out.append("| round | png images/s | shards images/s | shards / png | png requests per 1,000 images, all"
                + " (the job's own) | shards requests per 1,000 images, all (the job's own) | idle requests/s before"
                + " png, shards |\n|---|---|---|---|---|---|---|\n");
        double[] ratio = new double[rounds];
        double[] png = new double[rounds];
        double[] shards = new double[rounds];
        double[] pngReq = new double[rounds];
        double[] shardsReq = new double[rounds];
        double[] shardsOwn = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            Run p = runs.get(2 * r);
            Run s = runs.get(2 * r + 1);
            png[r] = p.imagesPerSecond();
            shards[r] = s.imagesPerSecond();
            ratio[r] = shards[r] / png[r];
            pngReq[r] = p.requestsPer1000();
            shardsReq[r] = s.requestsPer1000();
            shardsOwn[r] = s.ownRequestsPer1000();
            out.append(String.format("| %d | %.1f | %.1f | %.3f | %.1f (%.1f): %d in %.0f s | %.1f (%.1f): %d in %.0f s"
                    + " | %.2f, %.2f |%n", r + 1, png[r], shards[r], ratio[r], pngReq[r], p.ownRequestsPer1000(),
                    p.requests(), p.seconds(), shardsReq[r], shardsOwn[r], s.requests(), s.seconds(),
                    p.idlePerSecond(), s.idlePerSecond()));
        }
        double medianRatio = Rounds.median(ratio.clone());
        double medianShardsReq = Rounds.median(shardsReq.clone());
        double medianShardsOwn = Rounds.median(shardsOwn.clone());
        out.append(String.format("| median | %.1f | %.1f | **%.3f** (target >= 1.3: %s) | %.1f | **%.1f** (%.1f)"
                + " (target <= 5: %s all, %s the job's own) | |%n", Rounds.median(png.clone()),
                Rounds.median(shards.clone()), medianRatio, medianRatio >= 1.3 ? "met" : "missed",
                Rounds.median(pngReq.clone()), medianShardsReq, medianShardsOwn, medianShardsReq <= 5 ? "met" : "missed",
                medianShardsOwn <= 5 ? "met" : "missed"));
        return out.toString();
    }
}
