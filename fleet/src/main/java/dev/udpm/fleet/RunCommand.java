package dev.udpm.fleet;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code fleet run}: the fleet in the foreground of this JVM until SIGTERM or Ctrl-C (a shutdown hook stops
 * everything). {@code fleet start} runs this in a detached process.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the fleet in the foreground until Ctrl-C or SIGTERM (./local-fleet start runs it in the background).")
public final class RunCommand implements Callable<Integer> {

    @Mixin
    FleetOptions options;

    @picocli.CommandLine.Option(names = "--detached", hidden = true, description = "Started by `start` (changes the hint).")
    boolean detached;

    @Override
    public Integer call() throws InterruptedException {
        FleetConfig config = options.config();
        new StateGuard(config).requireNoLiveFleet();
        PrintStream log = System.out;
        long t0 = System.nanoTime();
        Fleet fleet = new Fleet(config, log);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            fleet.close();
            stopped.countDown();
        }, "udpm-fleet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            fleet.start();
        } catch (RuntimeException e) {
            log.println("fleet: start failed: " + e.getMessage());
            return FleetMain.FAILED;
        }
        log.println(fleet.summary((System.nanoTime() - t0) / 1_000_000));
        log.println(detached ? "Running in the background: " + options.command("stop") + " stops it."
                : "Running in the foreground: Ctrl-C stops it (or " + options.command("stop") + " from another shell).");
        log.flush();
        while (!stopped.await(500, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            fleet.serveRestartRequest(); // ./local-fleet start on a fleet with an app down
        }
        return 0;
    }
}
