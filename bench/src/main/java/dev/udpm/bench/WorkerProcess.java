package dev.udpm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.udpm.embedded.PackagedApp;

/**
 * The packaged worker ({@code java -jar quarkus-run.jar}, local profile) as a child process, configured by
 * environment variables as the local fleet does, serving one bundled model directory. Its output goes to a log
 * file; {@link #close()} stops it (SIGTERM, then SIGKILL after 20 s).
 */
public final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final int httpPort;
    private final Path log;

    private WorkerProcess(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /**
     * Starts the worker and waits until {@code /q/health/ready} answers 200 (model loaded and warmed up, broker and
     * object store reachable).
     *
     * @throws IllegalStateException if it exits or is not ready within {@code timeout}, naming its log file
     */
    public static WorkerProcess start(Path jar, Map<String, String> env, Path log, Duration timeout)
            throws IOException, InterruptedException {
        return start(jar, List.of(), env, log, timeout);
    }

    /** As {@link #start(Path, Map, Path, Duration)}, with {@code jvmArgs} before {@code -jar}. */
    public static WorkerProcess start(Path jar, List<String> jvmArgs, Map<String, String> env, Path log,
            Duration timeout) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("worker jar " + jar.toAbsolutePath() + " not found: build it with"
                    + " ./mvnw -o -B -q -pl worker package -DskipTests");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // with the build's class-data-sharing archive when there is one: a restart maps its classes instead of loading them
        ProcessBuilder pb = new ProcessBuilder(PackagedApp.command(jar, jvmArgs)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(PackagedApp.workingDirectory(jar, log.toAbsolutePath()
                        .getParent()).toFile());
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_PROFILE", "local");
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        WorkerProcess worker = new WorkerProcess(pb.start(), port, log);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!worker.ready()) {
            if (!worker.process.isAlive()) {
                throw new IllegalStateException("worker exited with " + worker.process.exitValue() + " before it was"
                        + " ready; see " + log.toAbsolutePath());
            }
            if (System.nanoTime() > deadline) {
                worker.close();
                throw new IllegalStateException("worker not ready within " + timeout + "; see " + log.toAbsolutePath());
            }
            Thread.sleep(250);
        }
        if (!PackagedApp.classDataSharing(jar).isEmpty() && ignoredItsArchive(log)) {
            System.err.println("WARNING: the worker ignored its class-data-sharing archive (see the first lines of " + log
                    + "): its start-up figures are those of a start without it. The archive checks the jars' sizes and"
                    + " modification times: copy the app with cp -a, or rebuild it where it runs.");
        }
        return worker;
    }

    /** Whether the JVM said, at the top of {@code log}, that it could not map the archive it was given. */
    static boolean ignoredItsArchive(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.limit(20).anyMatch(l -> l.contains("[cds") && l.contains("Unable to use shared archive"));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** The worker's HTTP port. */
    public int httpPort() {
        return httpPort;
    }

    /** The child's process id (for /proc/{pid}/status). */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL (kill -9) and wait: no shutdown hook runs, the worker does not leave its consumer group. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Resident set size of the worker process, MiB. */
    public double rssMiB() {
        return Machine.rssMiB(Long.toString(pid()));
    }

    public Path log() {
        return log;
    }

    private boolean ready() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready")
                    .toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
