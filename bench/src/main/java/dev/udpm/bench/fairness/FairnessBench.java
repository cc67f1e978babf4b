package dev.udpm.bench.fairness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.udpm.bench.BenchOptions;
import dev.udpm.bench.Machine;
import dev.udpm.bench.Percentiles;
import dev.udpm.bench.PipelineBench;
import dev.udpm.bench.WorkerProcess;
import dev.udpm.client.JobEventRecorder;
import dev.udpm.client.KafkaSettings;
import dev.udpm.embedded.EmbeddedKafka;
import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.embedded.UdpmTopics;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobProgress;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Fair share between tenants under load (issue 17): the packaged worker, against an embedded broker and S3 server,
 * once with {@code udpm.worker.tenants.fair-share=true} and once with {@code false}, the same load each time:
 * <ol>
 *   <li>idle: tenant B submits {@code smallJobs} generate jobs of {@code smallImages} images, one every
 *       {@code gapMs}; each job's latency is write to {@code udpm.jobs} -> its {@code completed} event;</li>
 *   <li>loaded: tenant A submits a bulk job of {@code bulkImages} images; once its first progress event shows it
 *       computing, tenant B submits the same small jobs again;</li>
 *   <li>cancel (issue 17, point 5): if A's bulk job still runs, a {@code cancel} record is written and the time to
 *       its {@code cancelled} event measured (the worker sends it once no chain call holds the job's images, so it
 *       bounds the time until the batch slot is free), next to the time one batch takes at the rate A's progress
 *       showed.</li>
 * </ol>
 * Prints a markdown table: p50 / p99 of B's latency idle and loaded and their ratio (target: loaded p99 <= 2x idle
 * p99 with fair share), side by side with fair share off.
 *
 * <p>Run (after {@code ./mvnw -B -q -o -pl worker -am package -DskipTests}):
 * {@code ./mvnw -B -q -o -pl bench compile exec:java -Dexec.mainClass=dev.udpm.bench.fairness.FairnessBench
 * -Dexec.args="--worker-jar ../worker/target/quarkus-app/quarkus-run.jar"}.
 */
public final class FairnessBench {

    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    /** The worker's default batch size (udpm.worker.batching.max-size). */
    private static final int BATCH = BenchOptions.WORKER_BATCH;

    private FairnessBench() {
    }

    /** One run of the load on a worker with fair share on or off. */
    record Run(boolean fairShare, double[] idleMs, Latencies loaded, double cancelMs, double slotFreeMs,
            double bulkImagesPerSecond, int bulkDoneAtCancel) {

        double[] loadedMs() {
            return loaded.ms();
        }

        double ratio() {
            return Percentiles.of(loadedMs()).p99() / Percentiles.of(idleMs).p99();
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        FairnessOptions options = FairnessOptions.parse(args);
        System.out.print(header(options));
        for (boolean fair : new boolean[] {true, false}) {
            System.out.print(row(options, run(options, fair)));
            System.out.flush();
        }
        System.out.println("- load average at end (1/5/15 min): " + Machine.loadAverage());
    }

    static Run run(FairnessOptions o, boolean fairShare) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("udpm-bench-fairness");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedS3 s3 = EmbeddedS3.startTransient()) {
            kafka.createTopics(UdpmTopics.specs());
            s3.createBucket(PipelineBench.BUCKET);
            Path modelDir = work.resolve("model");
            PipelineBench.exportModel(modelDir, BenchOptions.parse(o.smoke() ? new String[] {"--smoke"}
                    : new String[0]), "1", 5);
            Map<String, String> env = new HashMap<>(PipelineBench.workerEnv(kafka, s3, modelDir, work));
            env.put("UDPM_WORKER_TENANTS_FAIR_SHARE", Boolean.toString(fairShare));
            Path log = Files.createTempFile("udpm-bench-fairness-worker", ".log");
            try (WorkerProcess worker = WorkerProcess.start(o.workerJar(), env, log, Duration.ofMinutes(15));
                    JobEventRecorder events = JobEventRecorder.startAtEnd(KafkaSettings.plain(kafka.bootstrapServers()),
                            System.err::println, "fairness-job-events");
                    KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                String run = UUID.randomUUID().toString().substring(0, 8);
                smallJobs(producer, events, "warm-" + run, 4, o.smallImages(), o.gapMs());
                double[] idle = smallJobs(producer, events, "idle-" + run, o.smallJobs(), o.smallImages(), o.gapMs());
                String bulk = "bulk-" + run;
                send(producer, bulk, job(bulk, "tenant-a", o.bulkImages(), true, 7));
                JobEventRecorder.Seen first = events.awaitProgress(bulk, TIMEOUT);
                Latencies loaded = smallJobs(producer, events, "loaded-" + run, o.smallJobs(), o.smallImages(),
                        o.gapMs(), Duration.ofSeconds(o.patienceSeconds()));
                JobEventRecorder.Seen last = events.lastProgress(bulk).orElse(first);
                double rate = last.nanos() == first.nanos() ? Double.NaN
                        : (done(last) - done(first)) / ((last.nanos() - first.nanos()) / 1e9);
                double cancelMs = Double.NaN;
                double slotFreeMs = Double.NaN;
                int doneAtCancel = done(last);
                if (events.ending(bulk).isEmpty()) {
                    long t0 = System.nanoTime();
                    send(producer, bulk, """
                            {"type":"cancel","jobId":"%s","submittedAt":"%s"}""".formatted(bulk, Instant.now()));
                    slotFreeMs = QueuedGauge.awaitZero(worker.httpPort(), "tenant-a", Duration.ofMinutes(2), t0);
                    JobEventRecorder.Seen ending = events.awaitEnding(bulk, TIMEOUT);
                    if (ending.event() instanceof JobCancelled) {
                        cancelMs = (ending.nanos() - t0) / 1e6;
                    }
                } else {
                    events.awaitEnding(bulk, TIMEOUT);
                }
                return new Run(fairShare, idle, loaded, cancelMs, slotFreeMs, rate, doneAtCancel);
            } finally {
                PipelineBench.deleteRecursively(work);
            }
        }
    }

    /**
     * Latencies of a stream of small jobs, ms; {@code censored} jobs had not completed when the bench stopped
     * waiting, their latency is the wait so far (a lower bound).
     */
    record Latencies(double[] ms, int censored) {
    }

    /** Tenant B's open-loop stream of small jobs; each job's latency (write -> completed) in ms. */
    private static double[] smallJobs(KafkaProducer<String, String> producer, JobEventRecorder events, String prefix,
            int jobs, int images, int gapMs) throws InterruptedException {
        return smallJobs(producer, events, prefix, jobs, images, gapMs, TIMEOUT).ms();
    }

    /**
     * As above, but waits at most {@code patience} after the last submission; jobs still running then count with
     * the latency reached (censored).
     */
    private static Latencies smallJobs(KafkaProducer<String, String> producer, JobEventRecorder events, String prefix,
            int jobs, int images, int gapMs, Duration patience) throws InterruptedException {
        long[] sentAt = new long[jobs];
        for (int j = 0; j < jobs; j++) {
            String id = prefix + "-" + j;
            sentAt[j] = System.nanoTime();
            send(producer, id, job(id, "tenant-b", images, false, 1000 + j));
            Thread.sleep(gapMs);
        }
        double[] latency = new double[jobs];
        int censored = 0;
        long deadline = System.nanoTime() + patience.toNanos();
        for (int j = 0; j < jobs; j++) {
            String id = prefix + "-" + j;
            long left = deadline - System.nanoTime();
            if (left <= 0 || !events.awaitEnded(List.of(id), Duration.ofNanos(left))) {
                latency[j] = (System.nanoTime() - sentAt[j]) / 1e6;
                censored++;
                continue;
            }
            JobEventRecorder.Seen ending = events.awaitEnding(id, TIMEOUT);
            if (!(ending.event() instanceof JobCompleted)) {
                throw new IllegalStateException("bench job " + id + " ended " + ending.event());
            }
            latency[j] = (ending.nanos() - sentAt[j]) / 1e6;
        }
        return new Latencies(latency, censored);
    }

    /** The images done by the progress event {@code seen}. */
    private static int done(JobEventRecorder.Seen seen) {
        return ((JobProgress) seen.event()).done();
    }

    private static void send(KafkaProducer<String, String> producer, String jobId, String json) {
        producer.send(new ProducerRecord<>(Topics.JOBS, jobId, json));
        producer.flush();
    }

    private static String job(String jobId, String tenant, int count, boolean bulk, long seed) {
        return """
                {"type":"generate","jobId":"%s","submittedAt":"%s","tenant":"%s","model":{"name":"%s"},\
                "count":%d,"seed":%d,"classLabels":[0,1,2,3,4,5,6,7,8,9]%s}""".formatted(jobId, Instant.now(),
                tenant, PipelineBench.MODEL, count, seed, bulk ? ",\"bulk\":true" : "");
    }

    /** The machine, the load and the table's head. */
    static String header(FairnessOptions o) {
        StringBuilder out = new StringBuilder();
        Machine.describe().forEach(line -> out.append("- ").append(line).append('\n'));
        out.append(String.format("- load: tenant B %d jobs x %d images, one every %d ms; tenant A one bulk job of %,d"
                + " images; batch %d%s%n%n", o.smallJobs(), o.smallImages(), o.gapMs(), o.bulkImages(), BATCH,
                o.smoke() ? " (SMOKE: tiny network, numbers meaningless)" : ""));
        out.append("| fair share | B idle p50 / p99 ms | B beside A's bulk job p50 / p99 ms | loaded p99 / idle p99"
                + " | A's bulk job images/s | cancel -> cancelled ms (A running, one batch = ms) |\n");
        out.append("|---|---|---|---|---|---|\n");
        return out.toString();
    }

    /** The table row of one run, printed as soon as it is measured. */
    static String row(FairnessOptions o, Run r) {
        Percentiles idle = Percentiles.of(r.idleMs());
        Percentiles loaded = Percentiles.of(r.loadedMs());
        String bound = r.loaded().censored() > 0 ? ">= " : "";
        String cancel = Double.isNaN(r.cancelMs()) ? "not measured (A had ended)" : String.format(
                "%.0f (at %,d of %,d images; one batch = %.0f ms)", r.cancelMs(), r.bulkDoneAtCancel(),
                o.bulkImages(), BATCH / r.bulkImagesPerSecond() * 1000);
        if (!Double.isNaN(r.slotFreeMs())) {
            cancel += String.format("; A's images out of the batcher after %.0f ms", r.slotFreeMs());
        }
        return String.format("| %s | %.0f / %.0f | %.0f / %s%.0f%s | **%s%.2f** | %.1f | %s |%n",
                r.fairShare() ? "on" : "off", idle.p50(), idle.p99(), loaded.p50(), bound, loaded.p99(),
                r.loaded().censored() > 0 ? " (" + r.loaded().censored() + " jobs still waiting after "
                        + o.patienceSeconds() + " s)" : "", bound, r.ratio(), r.bulkImagesPerSecond(), cancel);
    }
}
