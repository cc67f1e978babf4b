package dev.udpm.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code udpm}: the fleet's command-line client. */
@Command(name = "udpm", mixinStandardHelpOptions = true, version = "udpm 0.1.0",
        description = {"Submit image-generation jobs to a UDPM fleet, follow them and download the images.",
                "Defaults reach the local fleet (./local-fleet start); see --help of each command for its options."},
        subcommands = {SubmitCommand.class, WatchCommand.class, FetchCommand.class, StatusCommand.class,
                CancelCommand.class, ModelsCommand.class, ReplayCommand.class, DiffCommand.class,
                WebhooksCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (watch: the job completed)", "1:the job failed (diff: the jobs differ)", "2:invalid input",
                "3:the job was cancelled", "4:timed out waiting for the job", "5:job, manifest or model not found",
                "6:a downloaded object failed its SHA-256 check", "69:a service is not reachable",
                "70:internal error", "77:the REST API refused the credentials"})
public final class UdpmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    boolean verbose;

    @Option(names = {"-v", "--verbose"}, description = "Show the Kafka client's log and stack traces.")
    void verbose(boolean on) {
        verbose = on;
        if (on) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name a command: submit, watch, fetch, status, cancel, models,"
                + " replay, diff or webhooks");
    }
}
