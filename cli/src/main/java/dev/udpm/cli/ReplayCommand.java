package dev.udpm.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.storage.ObjectStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code udpm replay JOB}: reads JOB's manifest (the only place that holds its request; the completed event points at
 * it), and submits the same request under a new jobId, pinned to the model version that made JOB's images (or
 * {@code --model-version V}, or {@code --latest}), through {@link JobSubmission} like {@code submit}: validated
 * first, then written to Kafka or the REST API, optionally watched ({@code --watch}) and fetched ({@code --out}).
 * The new request differs from the old one only in {@code jobId}, {@code submittedAt} and {@code model.version}, so its
 * lineage has the same request hash and, on the same version, {@code udpm diff} finds the same images.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Submit a finished job's request again under a new job id, on the model version that made its"
                + " images (or --model-version V, or --latest).",
                "The request comes from the job's manifest (jobs/JOB/manifest.json); only jobId, submittedAt and"
                        + " model.version change. Prints the new id; --watch / --out wait and download as submit does.",
                "Compare the two afterwards: udpm diff JOB NEW_JOB."})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Submitter submitter;

    @Parameters(index = "0", paramLabel = "JOB", description = "The finished job to replay.")
    String jobId;

    @Option(names = "--job-id", paramLabel = "ID", description = "The new job's id (default replay-<type>-<UTC time>-<random>).")
    String newJobId;

    @ArgGroup(exclusive = true)
    Version version;

    /** Which model version the replay runs on. */
    static final class Version {
        @Option(names = "--model-version", paramLabel = "V",
                description = "Pin this model version instead of the one that made JOB's images.")
        String pinned;

        @Option(names = "--latest", description = "Leave the version unpinned: the fleet's latest version serves it.")
        boolean latest;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StoredJob job;
        try (ObjectStore store = submitter.connection.openStore()) {
            job = StoredJob.read(store, submitter.connection, jobId);
        }
        Instant now = Instant.now();
        String id = newJobId != null ? newJobId
                : JobOptions.newJobId("replay-" + job.manifest().request().jobType(), now);
        String pin = version == null ? job.manifest().modelVersion() : version.latest ? null : version.pinned;
        String json = request(job.requestTree(), id, pin, now);
        if (!submitter.options.quiet) {
            JobManifest m = job.manifest();
            out.println("replaying job " + jobId + " (" + m.request().jobType() + " on " + m.modelName() + "/"
                    + m.modelVersion() + (m.lineage() == null ? "" : ", request sha256 " + m.lineage().requestSha256())
                    + ") as " + id + " on " + m.modelName() + (pin == null ? " (latest version)" : "/" + pin));
            out.flush();
        }
        return submitter.submit(json, Map.of("/jobId", "--job-id", "/model/version", "--model-version"));
    }

    /**
     * The replayed request: {@code original} (a manifest's request) with {@code jobId}, {@code submittedAt = now} and
     * {@code model.version = version} ({@code null}: unpinned); everything else as it was.
     */
    static String request(JsonNode original, String jobId, String version, Instant now) {
        ObjectNode request = ((ObjectNode) original).deepCopy();
        request.put("jobId", jobId);
        request.put("submittedAt", now.truncatedTo(ChronoUnit.MILLIS).toString());
        if (request.get("model") instanceof ObjectNode model) {
            if (version == null) {
                model.remove("version");
            } else {
                model.put("version", version);
            }
        }
        return Json.write(request);
    }
}
