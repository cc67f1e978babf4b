package dev.udpm.fleet;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fleet stop}: SIGTERM to the launcher (its shutdown hook stops the apps, S3Proxy and the broker), SIGKILL
 * after a grace period, then any app process still alive from the state file (e.g. after the launcher was killed),
 * then waits until every fleet port is free. Only processes recorded in the state file with a matching start time
 * are signalled.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop the fleet: no process is left and every port is free when this returns.")
public final class StopCommand implements Callable<Integer> {

    /** How long the launcher may take to stop everything after SIGTERM. */
    static final Duration LAUNCHER_GRACE = Duration.ofSeconds(90);

    @Spec
    CommandSpec spec;

    @Mixin
    FleetOptions options;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FleetConfig config = options.config();
        long t0 = System.nanoTime();
        Optional<FleetState> state = FleetState.read(config.stateFile());
        if (state.isEmpty()) {
            List<Integer> busy = Ports.busy(config.ports());
            out.println("no fleet is running on " + config.dataDir() + (busy.isEmpty() ? ""
                    : " (but ports " + busy + " are in use by other processes)"));
            return 0;
        }
        List<String> notes = new ArrayList<>();
        Optional<ProcessHandle> launcher = state.get().liveProcess("launcher");
        if (launcher.isPresent()) {
            out.println("stopping the fleet (launcher pid " + launcher.get().pid() + ") ...");
            out.flush();
            if (AppProcess.stop(launcher.get(), LAUNCHER_GRACE)) {
                notes.add("the launcher did not stop within " + LAUNCHER_GRACE.toSeconds() + " s and was killed");
            }
        }
        for (String app : state.get().apps()) {
            Optional<ProcessHandle> left = state.get().liveProcess("app." + app);
            if (left.isPresent()) {
                notes.add(app + " (pid " + left.get().pid() + ") was still running and was stopped");
                AppProcess.stop(left.get(), AppProcess.STOP_GRACE);
            }
        }
        List<Integer> ports = new ArrayList<>();
        state.get().get("ports").ifPresent(p -> {
            for (String port : p.split(",")) {
                ports.add(Integer.parseInt(port.trim()));
            }
        });
        List<Integer> busy = Ports.awaitFree(ports, Duration.ofSeconds(20));
        Files.deleteIfExists(config.stateFile());
        notes.forEach(n -> out.println("  note: " + n));
        if (!busy.isEmpty()) {
            throw new IllegalStateException("ports " + busy + " are still in use after the fleet stopped; see `ss -ltnp`");
        }
        out.printf("fleet stopped in %.1f s; ports %s are free, data kept in %s%n", (System.nanoTime() - t0) / 1e9,
                ports, config.dataDir());
        out.flush();
        return 0;
    }
}
