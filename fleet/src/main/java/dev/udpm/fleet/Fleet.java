package dev.udpm.fleet;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local fleet in one JVM: {@link LocalInfra} (Kafka + S3Proxy, in process) and the apps as child processes
 * ({@link AppProcess}), recorded in the state file ({@link FleetState}). {@link #start()} brings them up in that
 * order and marks the state {@code ready}; {@link #close()} (also from a shutdown hook, so SIGTERM and Ctrl-C work)
 * stops the apps, then S3Proxy, then the broker, and removes the state file: no process is left and every port is
 * free when it returns. An app whose jar is missing is skipped with the command that builds it.
 */
public final class Fleet implements AutoCloseable {

    private final FleetConfig config;
    private final PrintStream log;
    private final FleetState state = new FleetState();
    private final List<AppProcess> apps = new ArrayList<>();
    private final Map<String, String> appLines = new LinkedHashMap<>();
    private LocalInfra infra;
    private boolean closed;
    private boolean stateWritten;
    private long startupMillis;

    public Fleet(FleetConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    /**
     * Starts everything and writes the state file with {@code ready=true}.
     *
     * @throws IllegalStateException naming what failed (a busy port, an app that exited, with its log); whatever had
     *                               started is stopped again and the failure is recorded in the state file
     */
    public Fleet start() {
        long t0 = System.nanoTime();
        try {
            List<Integer> busy = Ports.busy(config.ports());
            if (!busy.isEmpty()) {
                throw new IllegalStateException("port" + (busy.size() == 1 ? " " : "s ") + busy + " on 127.0.0.1 "
                        + (busy.size() == 1 ? "is" : "are") + " already in use: is a fleet already running (./local-fleet status)"
                        + " or another Kafka/S3/app? Stop it, or choose other ports (./local-fleet start --help).");
            }
            state.process("launcher", ProcessHandle.current())
                    .set("data.dir", config.dataDir().toAbsolutePath())
                    .set("ports", config.ports().toString().replaceAll("[\\[\\] ]", ""))
                    .set("kafka.bootstrap", config.bootstrapServers())
                    .set("s3.endpoint", config.s3Endpoint())
                    .set("s3.access-key", config.accessKey())
                    .set("s3.bucket", config.bucket())
                    .set("ready", false)
                    .write(config.stateFile());
            stateWritten = true;
            log.println("starting Kafka (KRaft, data " + config.kafkaDir() + ") and S3Proxy (data " + config.s3Dir() + ") ...");
            LocalInfra started = LocalInfra.start(config);
            synchronized (this) {
                infra = started;
                if (closed) {
                    throw new IllegalStateException("stopped while starting");
                }
            }
            state.set("kafka.fresh", infra.freshBroker()).set("infra.ms", infra.startupMillis()).write(config.stateFile());
            log.println("Kafka " + infra.bootstrapServers() + " and S3 " + infra.s3Endpoint() + " up in "
                    + infra.startupMillis() + " ms (" + (infra.freshBroker() ? "new data folder" : "existing data reused") + ")");
            for (AppSpec spec : config.apps()) {
                startApp(spec);
            }
            startupMillis = (System.nanoTime() - t0) / 1_000_000;
            state.set("ready", true).set("startup.ms", startupMillis).set("ready.at", Instant.now())
                    .write(config.stateFile());
            return this;
        } catch (RuntimeException e) {
            log.println("fleet start failed: " + e.getMessage());
            close();
            if (stateWritten) {
                state.set("failed", e.getMessage()).set("ready", false).write(config.stateFile());
            }
            throw e;
        }
    }

    /**
     * Handles a request of {@code ./local-fleet start} on a running fleet ({@link FleetConfig#restartRequestFile()}):
     * starts again every app whose process is gone ({@link #restartMissing()}) and records the request's id as
     * {@code restart.done} in the state file. Does nothing without a request. Called by the launcher's main thread.
     */
    public void serveRestartRequest() {
        Path request = config.restartRequestFile();
        if (!Files.exists(request)) {
            return;
        }
        String id;
        try {
            id = Files.readString(request).trim();
            Files.deleteIfExists(request);
        } catch (java.io.IOException e) {
            log.println("cannot read the restart request " + request + ": " + e);
            return;
        }
        List<String> restarted = restartMissing();
        state.set("restart.done", id).write(config.stateFile());
        log.println("restart request " + id + " served: " + (restarted.isEmpty() ? "nothing was missing"
                : "started " + restarted));
        log.flush();
    }

    /**
     * Starts again every app of the fleet that is not running (its process exited or was killed, or its jar was
     * missing and may have been built since). An app that fails again is stopped and its status line says why; the
     * rest of the fleet keeps running.
     *
     * @return the apps started
     */
    public List<String> restartMissing() {
        List<String> restarted = new ArrayList<>();
        for (AppSpec spec : config.apps()) {
            AppProcess current;
            synchronized (this) {
                if (closed) {
                    return restarted;
                }
                current = apps.stream().filter(a -> a.spec().name().equals(spec.name())).findFirst().orElse(null);
                if (current != null && current.handle().isAlive()) {
                    continue;
                }
                if (current != null) {
                    apps.remove(current);
                }
            }
            log.println(spec.name() + ": not running" + (current == null ? ""
                    : " (pid " + current.handle().pid() + " is gone)") + "; starting it again");
            try {
                if (startApp(spec)) {
                    restarted.add(spec.name());
                }
            } catch (RuntimeException e) {
                String line = "NOT RUNNING: the restart failed: " + e.getMessage();
                appLines.put(spec.name(), line);
                state.set("app." + spec.name() + ".status", line).write(config.stateFile());
                log.println(spec.name() + ": " + line);
                synchronized (this) {
                    apps.stream().filter(a -> a.spec().name().equals(spec.name())).toList().forEach(a -> {
                        a.close();
                        apps.remove(a);
                    });
                }
            }
        }
        return restarted;
    }

    /** @return whether the app was started (false: its jar is missing, which its status line says) */
    private boolean startApp(AppSpec spec) {
        if (!Files.isRegularFile(spec.jar())) {
            String line = "not started: " + spec.jar() + " is missing (build it: " + spec.buildHint() + ")";
            appLines.put(spec.name(), line);
            state.set("app." + spec.name() + ".status", line).write(config.stateFile());
            log.println(spec.name() + ": " + line);
            return false;
        }
        long t0 = System.nanoTime();
        Path logFile = config.logDir().resolve(spec.name() + ".log");
        log.println("starting " + spec.name() + " (" + spec.jar() + ", log " + logFile + ") ...");
        AppProcess app = AppProcess.start(spec, environment(spec), List.of(), logFile,
                config.dataDir().resolve(spec.name()));
        synchronized (this) {
            apps.add(app);
            if (closed) {
                throw new IllegalStateException("stopped while starting " + spec.name());
            }
        }
        state.process("app." + spec.name(), app.handle()).set("app." + spec.name() + ".url", spec.url())
                .set("app." + spec.name() + ".log", logFile).write(config.stateFile());
        app.awaitLive(config.startTimeout());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String line = "live in " + ms + " ms, ready: " + app.readiness() + " (pid " + app.handle().pid() + ", log "
                + logFile + ")";
        appLines.put(spec.name(), line);
        state.set("app." + spec.name() + ".status", line).write(config.stateFile());
        log.println(spec.name() + ": " + line);
        return true;
    }

    /**
     * The environment of an app: the local profile, its HTTP port, the broker and the object store ({@code
     * kafka.bootstrap.servers}, {@code udpm.storage.*} as environment variables), and for the worker its model cache
     * under the data folder and the bundled model if one is configured, for the trainer its run folders under
     * {@code <data>/trainer/runs}.
     */
    Map<String, String> environment(AppSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_PROFILE", "local");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(spec.httpPort()));
        env.put("KAFKA_BOOTSTRAP_SERVERS", config.bootstrapServers());
        env.put("UDPM_STORAGE_ENDPOINT", config.s3Endpoint());
        env.put("UDPM_STORAGE_REGION", "us-east-1");
        env.put("UDPM_STORAGE_ACCESS_KEY", config.accessKey());
        env.put("UDPM_STORAGE_SECRET_KEY", config.secretKey());
        env.put("UDPM_STORAGE_BUCKET", config.bucket());
        if ("worker".equals(spec.name())) {
            env.put("UDPM_WORKER_MODELS_CACHE_DIR",
                    config.dataDir().resolve("worker").resolve("model-cache").toAbsolutePath().toString());
            env.put("UDPM_WORKER_EVENTS_WORKER_ID", "local-worker");
            env.put("UDPM_WORKER_INSTANCE_ID", "local-worker");
            config.bundledModel().ifPresent(dir -> env.put("UDPM_WORKER_MODELS_BUNDLED_DIR",
                    dir.toAbsolutePath().toString()));
        }
        if ("trainer".equals(spec.name())) {
            env.put("UDPM_TRAINER_WORKSPACE_DIR",
                    config.dataDir().resolve("trainer").resolve("runs").toAbsolutePath().toString());
        }
        return env;
    }

    /** Where everything listens, how to stop it, and how long the start took. */
    public String summary(long totalMillis) {
        StringBuilder s = new StringBuilder();
        s.append("UDPM local fleet is up in ").append(String.format("%.1f s", totalMillis / 1000.0))
                .append(" (data in ").append(config.dataDir().toAbsolutePath()).append(", kept across restarts)\n");
        s.append(String.format("  %-8s %-24s KRaft, topics %s%n", "Kafka", config.bootstrapServers(), LocalInfra.topicNames()));
        s.append(String.format("  %-8s %-24s bucket %s, access key %s, %s, region us-east-1%n", "S3",
                config.s3Endpoint(), config.bucket(), config.accessKey(), FleetConfig.SECRET_KEY_NOT_SHOWN));
        for (AppSpec spec : config.apps()) {
            s.append(String.format("  %-8s %-24s %s%n", spec.name(), spec.url(), appLines.getOrDefault(spec.name(), "")));
        }
        s.append(String.format("  %-8s %s%n", "logs", config.logDir().toAbsolutePath()));
        return s.toString();
    }

    /** Stops the apps (in reverse order), S3Proxy and the broker; removes the state file. Idempotent. */
    @Override
    public void close() {
        List<AppProcess> toStop;
        LocalInfra toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(apps);
            toClose = infra;
        }
        for (int i = toStop.size() - 1; i >= 0; i--) {
            AppProcess app = toStop.get(i);
            log.println("stopping " + app.spec().name() + " (pid " + app.handle().pid() + ") ...");
            app.close();
        }
        if (toClose != null) {
            log.println("stopping S3Proxy and Kafka ...");
            toClose.close();
        }
        if (stateWritten) {
            try {
                Files.deleteIfExists(config.stateFile());
            } catch (java.io.IOException e) {
                log.println("could not delete " + config.stateFile() + ": " + e);
            }
        }
        log.println("fleet stopped");
        log.flush();
    }

    /** Milliseconds {@link #start()} took. */
    public long startupMillis() {
        return startupMillis;
    }
}
