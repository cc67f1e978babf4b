package dev.udpm.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.job.CancelJob;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code udpm cancel <jobId>}: a {@code cancel} record on {@link Topics#JOBS}, or {@code DELETE /v1/jobs/{id}} with --api. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Ask the fleet to cancel a job (a cancel record on udpm.jobs, or DELETE /v1/jobs/{id} with --api).",
                "A job that already ended is unaffected; watch it to see the outcome."})
public final class CancelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job to cancel.")
    String jobId;

    @Option(names = "--api", paramLabel = "URL", arity = "1", preprocessor = ApiOption.class,
            description = "Cancel through the REST API (DELETE /v1/jobs/{id}); bare --api means $UDPM_API_URL or "
                    + ConnectionOptions.DEFAULT_API_URL + ".")
    String apiUrl;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (apiUrl != null) {
            ApiClient api = new ApiClient(apiUrl, connection.apiKey(), connection.connectTimeout());
            try {
                api.cancel(jobId);
            } catch (CliException e) {
                if (e.exitCode() == ExitCodes.NOT_FOUND) {
                    throw new CliException(ExitCodes.NOT_FOUND, e.getMessage() + "\n(if this API has no DELETE /v1/jobs/{id}"
                            + " yet, cancel through Kafka: udpm cancel " + jobId + " without --api)");
                }
                throw e;
            }
            out.println("cancel of job " + jobId + " accepted by " + api.base());
            out.flush();
            return ExitCodes.OK;
        }
        String json = Json.write(CancelJob.of(jobId, Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        RequestCheck.validate(json, Map.of("/jobId", "JOB_ID"));
        RecordMetadata sent = connection.kafka().send(Topics.JOBS, jobId, json, CloudEvents.TYPE_JOB_REQUEST);
        out.println("cancel of job " + jobId + " written to " + Topics.JOBS + " on " + connection.bootstrapServers()
                + " (partition " + sent.partition() + ", offset " + sent.offset() + "); follow it: ./udpm watch " + jobId);
        out.flush();
        return ExitCodes.OK;
    }
}
