package dev.udpm.cli;

import java.io.PrintWriter;

import dev.udpm.client.FleetException;
import picocli.CommandLine;

/** Entry point of {@code udpm} ({@code ./udpm} at the repository root runs it). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line and returns its exit code (see {@link ExitCodes}); never exits the JVM. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err).execute(args);
    }

    /** The configured command tree: invalid input exits 2, {@link CliException}s print their message only. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        UdpmCommand root = new UdpmCommand();
        CommandLine cli = new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter w = commandLine.getErr();
            if (e instanceof CliException c) {
                w.println("udpm " + commandLine.getCommandName() + ": " + c.getMessage());
                if (root.verbose && c.getCause() != null) {
                    c.getCause().printStackTrace(w);
                }
                w.flush();
                return c.exitCode();
            }
            if (e instanceof FleetException f) {
                w.println("udpm " + commandLine.getCommandName() + ": " + f.getMessage());
                if (root.verbose && f.getCause() != null) {
                    f.getCause().printStackTrace(w);
                }
                w.flush();
                return f.kind() == FleetException.Kind.UNAVAILABLE ? ExitCodes.UNAVAILABLE : ExitCodes.SOFTWARE;
            }
            w.println("udpm " + commandLine.getCommandName() + ": unexpected error: " + e);
            if (root.verbose) {
                e.printStackTrace(w);
            } else {
                w.println("(run with -v for the stack trace)");
            }
            w.flush();
            return ExitCodes.SOFTWARE;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            PrintWriter w = failed.getErr();
            w.println("udpm " + failed.getCommandName() + ": " + e.getMessage());
            w.println("(see: " + failed.getCommandSpec().qualifiedName() + " --help)");
            w.flush();
            return ExitCodes.INVALID_INPUT;
        });
        return cli;
    }
}
