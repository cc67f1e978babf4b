package dev.udpm.fleet;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fleet start|stop|status|run}: the one-command local fleet ({@code ./local-fleet} at the repository root). */
@Command(name = "local-fleet", mixinStandardHelpOptions = true, version = "udpm local-fleet 0.1.0",
        description = {"The UDPM fleet on this machine: a real Kafka broker (KRaft) and S3Proxy with their data under",
                "a local folder, plus the worker and the trainer. See deploy/local/README.md."},
        subcommands = {StartCommand.class, StopCommand.class, StatusCommand.class, RunCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (status: the fleet is running)", "1:start or stop failed", "2:invalid input",
                "3:status: no fleet is running", "4:status: the fleet runs but an app does not (start starts it again)"})
public final class FleetMain implements Runnable {

    /** Exit code of a failed start or stop. */
    public static final int FAILED = 1;
    /** Exit code of {@code status} when no fleet runs. */
    public static final int NOT_RUNNING = 3;
    /** Exit code of {@code status} when the fleet runs but one of its apps does not. */
    public static final int APP_DOWN = 4;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command and returns its exit code; never exits the JVM (except {@code run}'s blocking wait). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new FleetMain());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("local-fleet " + commandLine.getCommandName() + ": " + e.getMessage());
            commandLine.getErr().flush();
            return e instanceof IllegalArgumentException ? 2 : FAILED;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("local-fleet " + failed.getCommandName() + ": " + e.getMessage());
            failed.getErr().println("(see: ./local-fleet " + (failed == cli ? "" : failed.getCommandName() + " ") + "--help)");
            failed.getErr().flush();
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command: start, stop, status or run");
    }
}
