package dev.udpm.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.client.JobEventLog;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.status.JobState;
import dev.udpm.schemas.status.JobStateFold;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code udpm status <jobId>}: by default from the job's events on {@link Topics#JOB_EVENTS} (the state folded by the
 * fleet's own fold, {@link JobStateFold}, then every event); with {@code --api} from {@code GET /v1/jobs/{id}} of any worker (the fleet-wide job state
 * folded from the same events; 404, exit code 5, while no worker has accepted the job).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show where a job stands: from udpm.job-events, or from GET /v1/jobs/{id} with --api.",
                "Exit code 0 when the job is known, 5 when it is not."})
public final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job.")
    String jobId;

    @Option(names = "--api", paramLabel = "URL", arity = "1", preprocessor = ApiOption.class,
            description = "Ask the REST API (GET /v1/jobs/{id}) instead of reading the events; bare --api means"
                    + " $UDPM_API_URL or " + ConnectionOptions.DEFAULT_API_URL + ".")
    String apiUrl;

    @Option(names = "--json", description = "Print the events (or the API answer) as JSON, one per line.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (apiUrl != null) {
            JsonNode answer = new ApiClient(apiUrl, connection.apiKey(), connection.connectTimeout()).jobStatus(jobId);
            if (json) {
                out.println(Json.write(answer));
            } else {
                ApiStatusText.describe(jobId, answer).forEach(out::println);
            }
            out.flush();
            return ExitCodes.OK;
        }
        List<JobEvent> events;
        try (JobEventLog log = JobEventLog.open(connection.kafka(), ConnectionOptions.lines(spec.commandLine().getErr()),
                jobId)) {
            events = log.snapshot(jobId);
        }
        if (events.isEmpty()) {
            throw new CliException(ExitCodes.NOT_FOUND, "no events for job " + jobId + " on " + Topics.JOB_EVENTS + " at "
                    + connection.bootstrapServers() + ": it was not submitted, or no worker has taken it yet"
                    + " (check ./local-fleet status)");
        }
        if (json) {
            events.forEach(e -> out.println(Json.write(e)));
        } else {
            JobState state = JobStateFold.fold(events);
            out.println("job " + jobId + ": " + StateText.summary(state) + (state.workerId() == null ? ""
                    : " (worker " + state.workerId() + ")"));
            if (StateText.bulk(state)) {
                out.println("  " + StateText.bulkSummary(state) + (state.manifestSha256() == null ? ""
                        : ", merged manifest sha256 " + state.manifestSha256()));
            }
            events.forEach(e -> out.println("  " + EventText.describe(e)));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
