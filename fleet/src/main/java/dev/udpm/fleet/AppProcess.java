package dev.udpm.fleet;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.embedded.PackagedApp;
import dev.udpm.schemas.Json;

/**
 * One app of the fleet as a child process: {@code java -jar <quarkus-run.jar>} (with its class-data-sharing archive
 * when the build made one) with the fleet's settings in its
 * environment, output appended to its log file. It counts as started once {@code /q/health/live} answers 200;
 * {@link #close()} sends SIGTERM (Quarkus shuts down gracefully), and SIGKILL after {@link #STOP_GRACE}.
 */
public final class AppProcess implements AutoCloseable {

    /** How long a SIGTERM'd app may take to exit before it is killed. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final AppSpec spec;
    private final Process process;
    private final Path logFile;

    private AppProcess(AppSpec spec, Process process, Path logFile) {
        this.spec = spec;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Launches the app. The command is {@code <this JVM's java> [jvmArgs] -jar <jar>}, run in {@code workDir} (in the
     * jar's directory when it starts with its class-data-sharing archive, {@link PackagedApp#workingDirectory}).
     *
     * @param env variables added to this process's environment (e.g. {@code KAFKA_BOOTSTRAP_SERVERS})
     */
    public static AppProcess start(AppSpec spec, Map<String, String> env, List<String> jvmArgs, Path logFile,
                                   Path workDir) {
        List<String> command = PackagedApp.command(spec.jar(), jvmArgs);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Files.createDirectories(workDir);
            Files.writeString(logFile, "==== " + java.time.Instant.now() + " starting " + spec.name() + ": "
                    + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(PackagedApp.workingDirectory(spec.jar(), workDir).toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(env);
            return new AppProcess(spec, builder.start(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(spec.name() + ": cannot start " + String.join(" ", command), e);
        }
    }

    /**
     * Waits until {@code GET /q/health/live} answers 200.
     *
     * @throws IllegalStateException with the end of the log if the process exits or {@code timeout} passes first
     */
    public void awaitLive(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited with code " + process.exitValue()
                        + " before answering " + spec.url() + "/q/health/live; the end of " + logFile + ":\n"
                        + tail(logFile, 25));
            }
            if (status("/q/health/live") == 200) {
                return;
            }
            Ports.sleep(250);
        }
        throw new IllegalStateException(spec.name() + " did not answer " + spec.url() + "/q/health/live within "
                + timeout.toSeconds() + " s; the end of " + logFile + ":\n" + tail(logFile, 25));
    }

    /** {@code UP}, or {@code DOWN (<the checks that are down>)}, from {@code /q/health/ready}. */
    public String readiness() {
        return readiness(spec.url());
    }

    /** Readiness of the app at {@code url}; {@code no answer} if nothing answers. */
    public static String readiness(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode health = Json.mapper().readTree(r.body());
            String status = health.path("status").asText(r.statusCode() == 200 ? "UP" : "DOWN");
            if ("UP".equals(status)) {
                return "UP";
            }
            List<String> down = new ArrayList<>();
            for (JsonNode check : health.path("checks")) {
                if (!"UP".equals(check.path("status").asText())) {
                    JsonNode data = check.path("data");
                    down.add(check.path("name").asText() + (data.isMissingNode() || data.isEmpty() ? "" : " " + data));
                }
            }
            return "DOWN (" + (down.isEmpty() ? "no details" : String.join("; ", down)) + ")";
        } catch (IOException e) {
            return "no answer";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no answer";
        }
    }

    /** The child process. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    public AppSpec spec() {
        return spec;
    }

    public Path logFile() {
        return logFile;
    }

    /** SIGTERM, wait up to {@link #STOP_GRACE}, then SIGKILL; waits for the process to be gone. */
    @Override
    public void close() {
        stop(process.toHandle(), STOP_GRACE);
    }

    /** Stops {@code handle} (and its descendants) the same way; returns whether it had to be killed. */
    public static boolean stop(ProcessHandle handle, Duration grace) {
        List<ProcessHandle> family = new ArrayList<>(handle.descendants().toList());
        handle.destroy();
        boolean killed = false;
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
            killed = true;
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // reported by the caller's port and process checks
            }
        }
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return killed;
    }

    private int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(spec.url() + path)).timeout(Duration.ofSeconds(2)).GET()
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The last {@code lines} lines of {@code file}, indented. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return "    " + String.join("\n    ", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "    (cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
