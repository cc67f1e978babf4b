package dev.udpm.fleet;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fleet status}: is it running, where does everything listen, are the apps live and ready. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show whether the fleet runs, its addresses, and each app's process and readiness.",
                "Exit 3 if no fleet runs, 4 if it runs but an app does not (start starts it again)."})
public final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    FleetOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        FleetConfig config = options.config();
        Optional<FleetState> state = FleetState.read(config.stateFile());
        if (state.isEmpty() || state.get().liveProcess("launcher").isEmpty()) {
            out.println("no fleet is running on " + config.dataDir() + (state.isPresent()
                    ? " (a stale state file is left: " + options.command("stop") + " cleans up)" : "")
                    + "; start it with " + options.command("start"));
            out.flush();
            return FleetMain.NOT_RUNNING;
        }
        print(state.get(), config, out);
        List<String> down = state.get().appsDown();
        if (!down.isEmpty()) {
            out.println(String.join(", ", down) + (down.size() == 1 ? " is" : " are") + " not running: "
                    + options.command("start") + " starts " + (down.size() == 1 ? "it" : "them") + " again");
            out.flush();
            return FleetMain.APP_DOWN;
        }
        return 0;
    }

    /** Addresses and per-app process and readiness of a running fleet. */
    static void print(FleetState s, FleetConfig config, PrintWriter out) {
        boolean ready = s.get("ready").map(Boolean::parseBoolean).orElse(false);
        out.println("fleet " + (ready ? "running" : "starting") + " on " + config.dataDir() + " (launcher pid "
                + s.get("launcher.pid").orElse("?") + ", up since " + s.get("ready.at").orElse("-") + ")");
        out.printf("  %-8s %-24s %s%n", "Kafka", s.get("kafka.bootstrap").orElse("?"),
                port(s.get("kafka.bootstrap").orElse("")));
        out.printf("  %-8s %-24s %s, bucket %s, access key %s, %s%n", "S3", s.get("s3.endpoint").orElse("?"),
                port(s.get("s3.endpoint").orElse("")), s.get("s3.bucket").orElse("?"), s.get("s3.access-key").orElse("?"),
                FleetConfig.SECRET_KEY_NOT_SHOWN);
        for (String app : s.apps()) {
            String url = s.get("app." + app + ".url").orElse("?");
            Optional<ProcessHandle> process = s.liveProcess("app." + app);
            out.printf("  %-8s %-24s %s%n", app, url, process.isEmpty() ? "NOT RUNNING (log "
                    + s.get("app." + app + ".log").orElse("?") + ")"
                    : "pid " + process.get().pid() + ", ready: " + AppProcess.readiness(url));
        }
        for (AppSpec app : config.apps()) {
            if (!s.apps().contains(app.name())) {
                out.printf("  %-8s %-24s %s%n", app.name(), "-", s.get("app." + app.name() + ".status").orElse("not started"));
            }
        }
        out.flush();
    }

    private static String port(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return "";
        }
        return Ports.listening(Integer.parseInt(address.substring(colon + 1))) ? "listening" : "NOT LISTENING";
    }
}
