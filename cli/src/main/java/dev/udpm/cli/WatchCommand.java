package dev.udpm.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code udpm watch <jobId>}: a progress bar from the job's events until it completes, fails or is cancelled, read
 * from {@code udpm.job-events}, or with {@code --api} from the REST API's event stream
 * ({@code GET /v1/jobs/{id}/events}, Server-Sent Events; no Kafka access needed).
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follow a job's events until it ends: on udpm.job-events, or with --api from"
                + " GET /v1/jobs/{id}/events (Server-Sent Events, key from --api-key / UDPM_API_KEY).",
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

    @Option(names = "--api", paramLabel = "URL", arity = "1", preprocessor = ApiOption.class,
            description = "Read the REST API's event stream (GET /v1/jobs/{id}/events) instead of Kafka; bare --api"
                    + " means $UDPM_API_URL or " + ConnectionOptions.DEFAULT_API_URL + ".")
    String apiUrl;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing; only the exit code tells the outcome.")
    boolean quiet;

    @Override
    public Integer call() {
        JobWatcher watcher = new JobWatcher(connection, spec.commandLine().getOut(), spec.commandLine().getErr(),
                quiet);
        if (apiUrl != null) {
            return watcher.watchApi(new ApiClient(apiUrl, connection.apiKey(), connection.connectTimeout()), jobId,
                    timeout);
        }
        return watcher.watch(jobId, timeout);
    }
}
