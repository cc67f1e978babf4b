package dev.udpm.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code udpm watch <jobId>}: a progress bar from the job's events until it completes, fails or is cancelled. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follow a job's events on udpm.job-events until it ends.",
                "Exit code 0 = completed, 1 = failed, 3 = cancelled, 4 = still running at --timeout."})
public final class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job to follow.")
    String jobId;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M", converter = DurationConverter.class,
            description = "How long to wait for the job to end (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing; only the exit code tells the outcome.")
    boolean quiet;

    @Override
    public Integer call() {
        return new JobWatcher(connection, spec.commandLine().getOut(), spec.commandLine().getErr(), quiet)
                .watch(jobId, timeout);
    }
}
