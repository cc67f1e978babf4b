package dev.udpm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.udpm.embedded.EmbeddedKafka;
import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.embedded.UdpmTopics;
import org.junit.jupiter.api.Test;

/**
 * What scaling the worker to zero costs the first job (issue 18): a generate job is already waiting on
 * {@code udpm.jobs} (the lag that makes KEDA scale 0 -> 1), then the packaged worker process starts
 * ({@code java -jar quarkus-run.jar}, the local profile, serving the packaged Fashion-MNIST model), against a real
 * broker and S3 server in this JVM. Per round it prints process start -> {@code /q/health/ready} and process start
 * -> the job's {@code completed} event; the broker and the store stay up between rounds, every round is a new
 * worker process. A bench, not a unit test: it prints figures and asserts only that every job completed.
 *
 * <pre>
 * ./mvnw -B -q -pl worker,bench -am verify -Dtest=ColdStartBench -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dudpm.coldstart.rounds=3
 * </pre>
 * (the reactor packages the worker jar first; a worker already packaged can be reused with {@code -pl bench}).
 */
class ColdStartBench {

    private static final String MODEL = "fashion-mnist";

    @Test
    void firstJobAfterProcessStart() throws Exception {
        int rounds = Integer.getInteger("udpm.coldstart.rounds", 3);
        int images = Integer.getInteger("udpm.coldstart.images", 10);
        Path jar = BenchOptions.parse().workerJar();
        assertTrue(Files.isRegularFile(jar), "no packaged worker at " + jar
                + ": ./mvnw -o -B -q -pl worker -am package -DskipTests");
        Path work = Files.createTempDirectory("udpm-coldstart");
        double[] ready = new double[rounds];
        double[] firstJob = new double[rounds];
        String loadBefore = Machine.loadAverage();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedS3 s3 = EmbeddedS3.startTransient()) {
            kafka.createTopics(UdpmTopics.specs());
            s3.createBucket("udpm");
            Map<String, String> env = new java.util.HashMap<>(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "UDPM_STORAGE_ENDPOINT", s3.endpoint(), "UDPM_STORAGE_REGION", s3.region(),
                    "UDPM_STORAGE_ACCESS_KEY", s3.accessKey(), "UDPM_STORAGE_SECRET_KEY", s3.secretKey(),
                    "UDPM_STORAGE_BUCKET", "udpm",
                    "UDPM_WORKER_MODELS_CACHE_DIR", work.resolve("cache").toString()));
            for (int r = 0; r < rounds; r++) {
                env.put("UDPM_WORKER_INSTANCE_ID", "coldstart-" + r);
                try (JobClient client = new JobClient(kafka.bootstrapServers())) {
                    // The job waits on udpm.jobs before any worker runs: the burst writes it, then waits for it.
                    CompletableFuture<Long> completedAt = CompletableFuture.supplyAsync(() -> {
                        client.burst(MODEL, 1, images, Duration.ofMinutes(5));
                        return System.nanoTime();
                    });
                    Thread.sleep(2000);
                    long t0 = System.nanoTime();
                    Path log = Files.createTempFile(work, "worker-" + r, ".log");
                    try (WorkerProcess worker = WorkerProcess.start(jar, env, log, Duration.ofMinutes(5))) {
                        long readyAt = System.nanoTime();
                        long done = completedAt.get(5, TimeUnit.MINUTES);
                        ready[r] = (readyAt - t0) / 1e9;
                        firstJob[r] = (done - t0) / 1e9;
                    }
                }
                System.out.printf("cold start round %d: process start -> ready %.1f s, -> first job (%d images)"
                        + " completed %.1f s%n", r + 1, ready[r], images, firstJob[r]);
            }
        } finally {
            PipelineBench.deleteRecursively(work);
        }
        System.out.printf("COLD START (%d rounds, packaged worker, %s, %d images): ready median %.1f s"
                + " (min %.1f, max %.1f); first job completed median %.1f s (min %.1f, max %.1f); load average"
                + " before %s, after %s; cores %d%n", rounds, MODEL, images, Rounds.median(ready.clone()), min(ready),
                max(ready), Rounds.median(firstJob.clone()), min(firstJob), max(firstJob), loadBefore,
                Machine.loadAverage(), Runtime.getRuntime().availableProcessors());
        assertEquals(rounds, java.util.Arrays.stream(firstJob).filter(t -> t > 0).count(),
                "every round's job completed");
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }
}
