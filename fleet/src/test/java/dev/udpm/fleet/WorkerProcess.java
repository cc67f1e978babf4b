package dev.udpm.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.udpm.embedded.PackagedApp;

/**
 * A packaged worker jar started as a child process for an integration test: local profile, its own HTTP port and
 * log file, pointed at the test's broker and S3 bucket.
 */
record WorkerProcess(String id, Process process, int port, Path log) {

    /** The packaged worker of this checkout. */
    static final Path JAR = LocalFleetEndToEndIT.HOME.resolve("worker/target/quarkus-app/quarkus-run.jar");

    /** JVM flags that move a killed worker's partitions to another within seconds, not Kafka's default 45 s. */
    static final List<String> FAST_REBALANCE = List.of("-Dmp.messaging.incoming.jobs.session.timeout.ms=6000",
            "-Dmp.messaging.incoming.jobs.heartbeat.interval.ms=1500");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * Starts the worker {@code id} in {@code dir} (log {@code <id>.log}, model cache {@code <id>-models}) with
     * {@code -Xmx<heap>} and the JVM {@code flags}, the broker and bucket of {@code infra}, and {@code extraEnv} on top
     * of the common environment. Does not wait for it to be ready.
     */
    static WorkerProcess start(Path jar, Path dir, String id, String heap, List<String> flags, WorkerItInfra infra,
            Map<String, String> extraEnv) throws IOException {
        int port = Ports.anyFree();
        Path log = dir.resolve(id + ".log");
        List<String> jvmArgs = new ArrayList<>();
        jvmArgs.add("-Xmx" + heap);
        jvmArgs.addAll(flags);
        ProcessBuilder builder = new ProcessBuilder(PackagedApp.command(jar, jvmArgs))
                .directory(PackagedApp.workingDirectory(jar, dir).toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_PROFILE", "local");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafka().bootstrapServers());
        env.put("UDPM_STORAGE_ENDPOINT", infra.s3().endpoint());
        env.put("UDPM_STORAGE_REGION", infra.s3().region());
        env.put("UDPM_STORAGE_ACCESS_KEY", infra.s3().accessKey());
        env.put("UDPM_STORAGE_SECRET_KEY", infra.s3().secretKey());
        env.put("UDPM_STORAGE_BUCKET", infra.bucket());
        env.put("UDPM_WORKER_MODELS_CACHE_DIR", dir.resolve(id + "-models").toString());
        env.put("UDPM_WORKER_INSTANCE_ID", id);
        env.putAll(extraEnv);
        return new WorkerProcess(id, builder.start(), port, log);
    }

    /** Whether {@code /q/health/ready} answers 200; fails when the process has exited. */
    boolean ready() {
        if (!process.isAlive()) {
            throw new AssertionError(id + " exited; see " + log);
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until {@link #ready()}; fails after {@code timeout} or when the process exits. */
    void awaitReady(Duration timeout) {
        TestFleets.await(this::ready, timeout, id + " ready (see " + log + ")");
    }

    /** SIGTERM, then SIGKILL when it has not exited within 20 s. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
