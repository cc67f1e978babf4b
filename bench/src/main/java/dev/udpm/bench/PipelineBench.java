package dev.udpm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.latent.Latents;
import dev.udpm.core.math.PosteriorMode;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.ModelExporter;
import dev.udpm.core.model.ModelLoader;
import dev.udpm.core.model.ModelSpec;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.embedded.EmbeddedKafka;
import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.embedded.UdpmTopics;

/**
 * P3 and P7 (worker): the packaged worker as a child process against an embedded Kafka broker and S3 server (in
 * this JVM), serving the bench network (random weights, exported and loaded exactly as a trained model would be).
 * Each round times a burst of generate jobs end to end (first write to {@code udpm.jobs} -> last completed event:
 * Kafka, batching, the chain, PNG encoding, S3 uploads, manifest, event) and, side by side, the raw chain on the same
 * exported model loaded in this JVM at the worker's batch size for the same number of images. The worker's RSS is
 * read after a warm-up burst of the same size, half-way, and after the rounds (at least {@code memoryImages} images).
 */
public final class PipelineBench {

    public static final String MODEL = "bench";

    /** The fleet's bucket in the embedded S3. */
    public static final String BUCKET = "udpm";

    private PipelineBench() {
    }

    /** The P3 figure and the worker P7 figure (or why they could not be measured). */
    public static List<Figure> run(BenchOptions o) throws IOException, InterruptedException {
        String p3 = "end-to-end images/s (Kafka -> worker -> S3 -> completed event) / raw in-process chain, batch "
                + o.batch();
        String p7 = "worker RSS after N images / after warm-up";
        if (!o.pipeline()) {
            String why = "smoke mode: the pipeline (packaged worker, broker, S3) is run only with --pipeline";
            return List.of(Figure.notMeasured("P3", p3, ">= 0.90", why), Figure.notMeasured("P7", p7,
                    "<= 1.05 (no leak)", why));
        }
        if (!Files.isRegularFile(o.workerJar())) {
            String why = "no packaged worker at " + o.workerJar() + " (./mvnw -o -B -q -pl worker package"
                    + " -DskipTests)";
            return List.of(Figure.notMeasured("P3", p3, ">= 0.90", why), Figure.notMeasured("P7", p7,
                    "<= 1.05 (no leak)", why));
        }
        Path work = Files.createTempDirectory("udpm-bench-pipeline");
        Path modelDir = work.resolve("model");
        exportModel(modelDir, o, "1", 5);
        int burstImages = o.pipelineJobs() * o.pipelineImagesPerJob();
        int rounds = Math.max(o.rounds(), (o.memoryImages() + burstImages - 1) / burstImages);
        Duration timeout = Duration.ofMinutes(3);
        try {
            return measure(o, p3, work, modelDir, burstImages, rounds, timeout);
        } finally {
            deleteRecursively(work);
        }
    }

    private static List<Figure> measure(BenchOptions o, String p3, Path work, Path modelDir, int burstImages,
            int rounds, Duration timeout) throws IOException, InterruptedException {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedS3 s3 = EmbeddedS3.startTransient()) {
            kafka.createTopics(UdpmTopics.specs());
            s3.createBucket(BUCKET);
            Map<String, String> env = workerEnv(kafka, s3, modelDir, work);
            try (UdpmModel model = ModelLoader.load(modelDir, DeviceOptions.cpu(0, 0));
                    WorkerProcess worker = WorkerProcess.start(o.workerJar(), o.workerJvmArgs(), env, Files.createTempFile("udpm-bench-worker", ".log"),
                            Duration.ofMinutes(8));
                    JobClient client = new JobClient(kafka.bootstrapServers())) {
                RawChain raw = new RawChain(model, o.batch());
                raw.imagesPerSecond(2 * o.batch());
                // warm-up: one full burst, so heap and TensorFlow's pools reach the sizes of steady load
                client.burst(MODEL, o.pipelineJobs(), o.pipelineImagesPerJob(), timeout);
                int served = burstImages;
                double rssWarm = worker.rssMiB();
                double[] ratio = new double[rounds];
                double[] pipe = new double[rounds];
                double[] rawRate = new double[rounds];
                List<double[]> latencies = new ArrayList<>();
                double rssMid = rssWarm;
                int servedMid = served;
                ThreadCpu workerBefore = ThreadCpu.snapshot(Long.toString(worker.pid()));
                ThreadCpu benchBefore = ThreadCpu.snapshot("self");
                Map<String, Double> benchDuringPipeline = new java.util.HashMap<>();
                double pipelineSeconds = 0;
                double rawSeconds = 0;
                for (int r = 0; r < rounds; r++) {
                    ThreadCpu benchRoundStart = ThreadCpu.snapshot("self");
                    JobClient.Burst burst = client.burst(MODEL, o.pipelineJobs(), o.pipelineImagesPerJob(), timeout);
                    served += burst.images();
                    latencies.add(new double[] {burst.latencyQuantileMs(0.5), burst.latencyQuantileMs(0.99)});
                    pipe[r] = burst.imagesPerSecond();
                    pipelineSeconds += burst.images() / pipe[r];
                    ThreadCpu.snapshot("self").secondsSince(benchRoundStart)
                            .forEach((group, seconds) -> benchDuringPipeline.merge(group, seconds, Double::sum));
                    rawRate[r] = raw.imagesPerSecond(burstImages);
                    rawSeconds += burstImages / rawRate[r];
                    ratio[r] = pipe[r] / rawRate[r];
                    if (r == (rounds - 1) / 2) {
                        rssMid = worker.rssMiB();
                        servedMid = served;
                    }
                }
                double rssAfter = worker.rssMiB();
                long pipelineImages = (long) rounds * burstImages;
                System.out.printf("P3 CPU split over the %d rounds (%d images through the worker in %.1f s, the same"
                        + " number through the raw chain in %.1f s; /proc thread times, 10 ms ticks):%n", rounds,
                        pipelineImages, pipelineSeconds, rawSeconds);
                System.out.printf("  worker process, by thread group:%n%s", ThreadCpu.perImage(ThreadCpu.snapshot(
                        Long.toString(worker.pid())).secondsSince(workerBefore), pipelineImages, 0.005));
                System.out.printf("  bench process during the pipeline bursts only (broker, S3Proxy, job client):%n%s",
                        ThreadCpu.perImage(benchDuringPipeline, pipelineImages, 0.01));
                System.out.printf("  bench process over all rounds (the raw chain's threads included):%n%s",
                        ThreadCpu.perImage(ThreadCpu.snapshot("self").secondsSince(benchBefore), pipelineImages,
                                0.01));
                System.out.printf("P3 output steps, each alone in the bench JVM on %d chain images (load %s):%n",
                        o.batch(), Machine.loadAverage());
                try {
                    OutputSplit.measure(raw.images(), 32, 1, s3, BUCKET, kafka.bootstrapServers(), 500)
                            .forEach(System.out::println);
                } catch (java.util.concurrent.ExecutionException e) {
                    System.out.println("    not measured: " + e.getMessage());
                }
                double p3Value = Rounds.median(ratio.clone());
                double[] p50 = latencies.stream().mapToDouble(l -> l[0]).toArray();
                double[] p99 = latencies.stream().mapToDouble(l -> l[1]).toArray();
                Figure pipeline = Figure.of("P3", p3, p3Value, ">= 0.90", p3Value >= 0.90, String.format(
                        "%.1f / %.1f images/s; %d rounds of %d jobs x %d images; job latency p50 %.0f ms, p99 %.0f"
                                + " ms (medians over rounds); broker and S3Proxy run in the bench JVM",
                        Rounds.median(pipe), Rounds.median(rawRate), rounds, o.pipelineJobs(),
                        o.pipelineImagesPerJob(), Rounds.median(p50), Rounds.median(p99)));
                Figure memory = Figure.of("P7", "worker RSS after " + served + " images / after warm-up",
                        rssAfter / rssWarm, "<= 1.05 (no leak)", rssAfter / rssWarm <= 1.05, String.format(
                                "%.0f MiB / %.0f MiB (worker process); %.0f MiB after %d images: growth in the second"
                                        + " half %.0f MiB vs first half %.0f MiB (a plateau is heap sizing, steady"
                                        + " growth a leak)", rssAfter, rssWarm, rssMid, servedMid, rssAfter - rssMid,
                                rssMid - rssWarm));
                return List.of(pipeline, memory);
            }
        }
    }

    /** Exports the bench network as {@code bench/version} (random weights from {@code seed}) into {@code dir}. */
    public static void exportModel(Path dir, BenchOptions o, String version, long seed) throws IOException {
        ModelExporter.exportInitialised(dir, new ModelSpec(MODEL, version, Instant.parse("2025-01-01T00:00:00Z"), 32,
                o.network(), Schedule.paperDefault(), PosteriorMode.EXACT, Map.of("kind", "bench"), Map.of()), seed);
    }

    /** The worker's environment: the embedded broker and S3 (bucket {@code udpm}), serving {@code modelDir}. */
    public static Map<String, String> workerEnv(EmbeddedKafka kafka, EmbeddedS3 s3, Path modelDir, Path work) {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "UDPM_STORAGE_ENDPOINT", s3.endpoint(), "UDPM_STORAGE_REGION", s3.region(),
                "UDPM_STORAGE_ACCESS_KEY", s3.accessKey(), "UDPM_STORAGE_SECRET_KEY", s3.secretKey(),
                "UDPM_STORAGE_BUCKET", BUCKET, "UDPM_WORKER_MODELS_BUNDLED_DIR", modelDir.toString(),
                "UDPM_WORKER_MODELS_CACHE_DIR", work.resolve("cache").toString(),
                "UDPM_WORKER_INSTANCE_ID", "bench-worker");
    }

    public static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The raw chain on a loaded model at a fixed batch, as the worker calls it (no padding needed: full batches). */
    static final class RawChain {
        private final UdpmModel model;
        private final List<Latents> latents;
        private final int[] labels;

        RawChain(UdpmModel model, int batch) {
            this.model = model;
            this.latents = new LatentGenerator(model.latentShapes()).generate(99, 0, batch);
            this.labels = new int[batch];
            int classes = Math.max(1, model.manifest().numClasses());
            for (int i = 0; i < batch; i++) {
                labels[i] = i % classes;
            }
        }

        /** One call's images, {@code [batch, S, S, C]} in [-1, 1]. */
        float[] images() {
            return model.generate(latents, labels);
        }

        /** Images/s over at least {@code images} images. */
        double imagesPerSecond(int images) {
            int calls = Math.max(1, (images + labels.length - 1) / labels.length);
            long t0 = System.nanoTime();
            for (int c = 0; c < calls; c++) {
                model.generate(latents, labels);
            }
            return calls * labels.length / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
