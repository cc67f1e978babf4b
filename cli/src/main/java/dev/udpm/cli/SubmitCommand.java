package dev.udpm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.udpm.schemas.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code udpm submit --file job.json}, or {@code udpm submit generate|interpolate|swap|perturb [flags]}. A file may
 * leave out {@code jobId} and {@code submittedAt}; they are filled in (a fresh id, now).
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Submit a job: from a JSON file (--file, '-' for stdin) or from flags (a sub-command per job type).",
                "The request is validated locally first; violations name the flag and field."},
        subcommands = {GenerateCommand.class, InterpolateCommand.class, SwapCommand.class, PerturbCommand.class})
public final class SubmitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Submitter submitter;

    @Option(names = "--file", paramLabel = "FILE", description = "A job request JSON file (job-request.schema.json), '-' for stdin.")
    String file;

    @Option(names = "--job-id", paramLabel = "ID", description = "Use this job id instead of the file's.")
    String jobId;

    @Override
    public Integer call() {
        if (file == null) {
            throw new ParameterException(spec.commandLine(), "give --file FILE or a job type: generate, interpolate, swap"
                    + " or perturb (udpm submit generate --help)");
        }
        String json = completed(read(file), jobId, Instant.now());
        return submitter.submit(json, jobId == null ? Map.of() : Map.of("/jobId", "--job-id"));
    }

    /**
     * The file's JSON with {@code jobId} (from {@code jobId} if given, else kept, else fresh) and {@code submittedAt}
     * (kept, else {@code now}) filled in; text that is not a JSON object is returned unchanged for the validator to
     * report.
     */
    static String completed(String text, String jobId, Instant now) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(text);
        } catch (IOException e) {
            return text;
        }
        if (!(node instanceof ObjectNode object)) {
            return text;
        }
        if (jobId != null) {
            object.put("jobId", jobId);
        } else if (!object.has("jobId")) {
            object.put("jobId", JobOptions.newJobId(object.path("type").asText("job").replaceAll("[^A-Za-z0-9]", ""), now));
        }
        if (!object.has("submittedAt")) {
            object.put("submittedAt", now.truncatedTo(ChronoUnit.MILLIS).toString());
        }
        return Json.write(object);
    }

    private String read(String name) {
        try {
            if ("-".equals(name)) {
                try (InputStream in = System.in) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(name));
        } catch (IOException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, "--file: cannot read " + name + " (" + e + ")");
        }
    }
}
