package dev.udpm.cli;

import java.io.PrintWriter;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.job.JobRequest;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Submits one job request: validate locally (violations name the flag and field), then write it to
 * {@link Topics#JOBS} (key = jobId, CloudEvents headers) or {@code POST /v1/jobs}, then optionally watch it and
 * fetch its objects.
 */
public final class JobSubmission {

    private final ConnectionOptions connection;
    private final SubmitOptions options;
    private final PrintWriter out;
    private final PrintWriter err;

    public JobSubmission(ConnectionOptions connection, SubmitOptions options, PrintWriter out, PrintWriter err) {
        this.connection = connection;
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /**
     * @param json  the request as JSON
     * @param flags JSON pointer to flag, for messages
     * @return the exit code: 0, or the watch/fetch outcome with {@code --watch}/{@code --out}
     */
    public int submit(String json, Map<String, String> flags) {
        JobRequest job = RequestCheck.validate(json, flags);
        if (options.dryRun) {
            out.println(pretty(json));
            return ExitCodes.OK;
        }
        String where;
        if (options.apiUrl != null) {
            ApiClient api = new ApiClient(options.apiUrl, connection.apiKey(), connection.connectTimeout());
            JsonNode answer = api.submit(json);
            where = "POST " + api.base() + "/v1/jobs (" + answer.path("status").asText("accepted") + ")";
        } else {
            RecordMetadata sent = connection.kafka().send(Topics.JOBS, job.jobId(), json,
                    CloudEvents.TYPE_JOB_REQUEST);
            where = Topics.JOBS + " on " + connection.bootstrapServers() + " (partition " + sent.partition()
                    + ", offset " + sent.offset() + ")";
        }
        if (options.quiet) {
            out.println(job.jobId());
        } else {
            out.println("submitted " + job.jobType() + " job " + job.jobId() + " (" + job.imageCount() + " image"
                    + (job.imageCount() == 1 ? "" : "s") + (job.model() == null ? "" : ", model " + job.model().name()
                    + (job.model().version() == null ? "" : " " + job.model().version())) + ") to " + where);
            if (!options.watch && options.out == null) {
                out.println("  follow it:  ./udpm watch " + job.jobId()
                        + (options.apiUrl == null ? "" : " --api " + options.apiUrl));
                out.println("  download:   ./udpm fetch " + job.jobId() + " --out out/" + job.jobId());
            }
        }
        out.flush();
        if (!options.watch && options.out == null) {
            return ExitCodes.OK;
        }
        JobWatcher watcher = new JobWatcher(connection, out, err, options.quiet);
        int watched = watcher.watch(job.jobId(), options.timeout);
        if (watched != ExitCodes.OK || options.out == null) {
            return watched;
        }
        return new JobFetcher(connection, out, err, options.quiet, JobFetcher.DEFAULT_PARALLEL,
                JobFetcher.DEFAULT_PROGRESS_EVERY).fetch(job.jobId(), options.out, JobFetcher.Source.MANIFEST,
                watcher.terminal() instanceof JobCompleted c ? c : null);
    }

    static String pretty(String json) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(Json.mapper().readTree(json));
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
