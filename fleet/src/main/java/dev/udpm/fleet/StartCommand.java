package dev.udpm.fleet;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fleet start}: launches {@code fleet run} as a detached background process (its own session via
 * {@code setsid}, output in {@code <data>/logs/fleet.log}), waits until the state file says {@code ready}, prints
 * where everything listens and how long the start took, and returns. A fleet already running on the same data
 * folder is not started twice: its apps that are not running are started again by its launcher.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start the fleet in the background and return once everything answers.",
                "A second start reuses the data folder (topics, records, objects)."})
public final class StartCommand implements Callable<Integer> {

    /** JVM options of the launcher process (Kafka broker + S3Proxy). */
    static final List<String> LAUNCHER_JVM = List.of("-Xmx768m", "-XX:+UseSerialGC");

    @Spec
    CommandSpec spec;

    @Mixin
    FleetOptions options;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        FleetConfig config = options.config();
        StateGuard guard = new StateGuard(config);
        Optional<FleetState> running = guard.liveFleet();
        if (running.isPresent()) {
            return startMissingApps(running.get(), config, out);
        }
        List<Integer> busy = Ports.busy(config.ports());
        if (!busy.isEmpty()) {
            throw new IllegalStateException("port" + (busy.size() == 1 ? " " : "s ") + busy + " on 127.0.0.1 "
                    + (busy.size() == 1 ? "is" : "are") + " in use but no fleet runs on " + config.dataDir()
                    + ": another Kafka/S3/app, or a fleet with another --data? Stop it or choose other ports.");
        }
        Files.deleteIfExists(config.stateFile()); // stale: its launcher is gone
        Path log = config.logDir().resolve("fleet.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "==== " + Instant.now() + " fleet start\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(launcherCommand(options.toArgs()));
        // the secret key goes by environment, never on a command line (ps shows those to every local user)
        builder.environment().put(FleetOptions.SECRET_KEY_ENV, options.secretKey);
        Process launcher = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        out.println("starting the fleet in the background (pid " + launcher.pid() + ", log " + log + ") ...");
        out.flush();
        long deadline = System.nanoTime() + config.startTimeout().multipliedBy(config.apps().size() + 1).toNanos();
        while (true) {
            Optional<FleetState> state = FleetState.read(config.stateFile());
            boolean mine = state.flatMap(s -> s.get("launcher.pid")).map(p -> Long.parseLong(p) == launcher.pid())
                    .orElse(false);
            if (mine && state.get().get("ready").map(Boolean::parseBoolean).orElse(false)) {
                long total = (System.nanoTime() - t0) / 1_000_000;
                FleetState s = state.get();
                out.print(summary(s, config, total));
                out.println("Stop it:  " + options.command("stop") + "      Status: " + options.command("status")
                        + "      Logs: " + config.logDir());
                out.flush();
                return 0;
            }
            if (!launcher.isAlive() || (mine && state.get().get("failed").isPresent())) {
                launcher.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(60), java.util.concurrent.TimeUnit.MILLISECONDS);
                String reason = state.flatMap(s -> s.get("failed")).orElse("the launcher exited");
                Files.deleteIfExists(config.stateFile());
                throw new IllegalStateException("the fleet did not start: " + reason + "\nthe end of " + log + ":\n"
                        + AppProcess.tail(log, 30));
            }
            if (System.nanoTime() > deadline) {
                AppProcess.stop(launcher.toHandle(), AppProcess.STOP_GRACE);
                throw new IllegalStateException("the fleet was not ready within the start timeout; stopped it. The end of "
                        + log + ":\n" + AppProcess.tail(log, 30));
            }
            Ports.sleep(200);
        }
    }

    /**
     * The fleet runs: if every app runs, says so; otherwise asks the launcher to start the missing ones
     * ({@link Fleet#serveRestartRequest()}) and waits for it. Exit 0 once every app runs (an app whose jar is missing
     * stays "not started" with the command that builds it), {@link FleetMain#FAILED} naming the app that did not come
     * back.
     */
    private int startMissingApps(FleetState running, FleetConfig config, PrintWriter out)
            throws IOException {
        List<String> down = running.appsDown();
        String launcher = running.get("launcher.pid").orElse("?");
        if (down.isEmpty()) {
            out.println("a fleet is already running on " + config.dataDir() + " (launcher pid " + launcher + ")");
            StatusCommand.print(running, config, out);
            return 0;
        }
        out.println("a fleet is running on " + config.dataDir() + " (launcher pid " + launcher + ") but "
                + String.join(", ", down) + (down.size() == 1 ? " is" : " are") + " not: starting "
                + (down.size() == 1 ? "it" : "them") + " again ...");
        out.flush();
        String id = java.util.UUID.randomUUID().toString();
        Path request = config.restartRequestFile();
        Path tmp = request.resolveSibling(request.getFileName() + ".tmp");
        Files.writeString(tmp, id, StandardCharsets.UTF_8);
        Files.move(tmp, request, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        long deadline = System.nanoTime() + config.startTimeout().multipliedBy(down.size() + 1).toNanos();
        while (true) {
            Optional<FleetState> state = FleetState.read(config.stateFile());
            if (state.isEmpty() || state.get().liveProcess("launcher").isEmpty()) {
                Files.deleteIfExists(request);
                throw new IllegalStateException("the fleet stopped while " + String.join(", ", down) + " restarted;"
                        + " see " + config.logDir().resolve("fleet.log"));
            }
            if (state.get().get("restart.done").filter(id::equals).isPresent()) {
                StatusCommand.print(state.get(), config, out);
                List<String> failed = state.get().appsDown().stream().filter(a -> !state.get()
                        .get("app." + a + ".status").orElse("").startsWith("not started:")).toList();
                if (!failed.isEmpty()) {
                    throw new IllegalStateException(String.join(", ", failed) + " did not start again: "
                            + failed.stream().map(a -> a + ": " + state.get().get("app." + a + ".status").orElse("?"))
                                    .collect(java.util.stream.Collectors.joining("; ")));
                }
                out.println("Stop it:  " + options.command("stop") + "      Status: " + options.command("status")
                        + "      Logs: " + config.logDir());
                out.flush();
                return 0;
            }
            if (System.nanoTime() > deadline) {
                Files.deleteIfExists(request);
                throw new IllegalStateException("the launcher did not start " + String.join(", ", down) + " within "
                        + config.startTimeout().multipliedBy(down.size() + 1).toSeconds() + " s; see "
                        + config.logDir());
            }
            Ports.sleep(200);
        }
    }

    /** {@code [setsid] <java> <LAUNCHER_JVM> -cp <this class path> dev.udpm.fleet.FleetMain run <args>}. */
    static List<String> launcherCommand(List<String> args) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // own session: closing the terminal does not stop the fleet
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAUNCHER_JVM);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FleetMain.class.getName());
        command.add("run");
        command.add("--detached");
        command.addAll(args);
        return command;
    }

    /** The ready fleet's addresses, from its state file. */
    static String summary(FleetState s, FleetConfig config, long totalMillis) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("UDPM local fleet is up in %.1f s (launcher %s ms; data in %s, %s)%n", totalMillis / 1000.0,
                s.get("startup.ms").orElse("?"), config.dataDir(),
                s.get("kafka.fresh").map(Boolean::parseBoolean).orElse(true) ? "new" : "reused from the last run"));
        text.append(String.format("  %-8s %-24s KRaft, topics %s%n", "Kafka", s.get("kafka.bootstrap").orElse("?"),
                LocalInfra.topicNames()));
        text.append(String.format("  %-8s %-24s bucket %s, access key %s, %s, region us-east-1%n", "S3",
                s.get("s3.endpoint").orElse("?"), s.get("s3.bucket").orElse("?"), s.get("s3.access-key").orElse("?"),
                FleetConfig.SECRET_KEY_NOT_SHOWN));
        for (AppSpec app : config.apps()) {
            text.append(String.format("  %-8s %-24s %s%n", app.name(), app.url(),
                    s.get("app." + app.name() + ".status").orElse("")));
        }
        return text.toString();
    }
}
