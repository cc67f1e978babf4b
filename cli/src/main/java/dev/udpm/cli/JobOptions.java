package dev.udpm.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.udpm.schemas.job.ModelRef;
import picocli.CommandLine.Option;

/** The fields every job type has: id, model, priority, tenant, callback. */
public final class JobOptions {

    /** Where each common field comes from on the command line (JSON pointer to flag). */
    public static final Map<String, String> FLAGS = Map.of(
            "/jobId", "--job-id",
            "/model", "--model",
            "/model/name", "--model",
            "/model/version", "--model-version",
            "/priority", "--priority",
            "/tenant", "--tenant",
            "/callback", "--callback");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Option(names = "--job-id", paramLabel = "ID",
            description = "Job id (letters, digits, '.', '_', '-'); default <type>-<UTC time>-<random>.")
    String jobId;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "${env:UDPM_MODEL}",
            description = "Model name (env UDPM_MODEL); see `udpm models`.")
    String model;

    @Option(names = "--model-version", paramLabel = "VERSION", description = "Pin a model version (default: latest).")
    String modelVersion;

    @Option(names = "--priority", paramLabel = "N", description = "Priority, higher runs sooner (-10..10, default 0).")
    Integer priority;

    @Option(names = "--tenant", paramLabel = "NAME", description = "Tenant name.")
    String tenant;

    @Option(names = "--callback", paramLabel = "KEY=VALUE",
            description = "Metadata echoed in every event of the job (repeatable).")
    Map<String, String> callback;

    /** The job id given, or a fresh one: {@code <type>-<yyyyMMdd-HHmmss UTC>-<4 hex>}. */
    public String jobIdOr(String type, Instant now) {
        return jobId != null ? jobId : newJobId(type, now);
    }

    /** A fresh job id {@code <type>-<yyyyMMdd-HHmmss UTC>-<4 hex>}, e.g. {@code generate-20250601-120000-3fa2}. */
    public static String newJobId(String type, Instant now) {
        byte[] random = new byte[2];
        ThreadLocalRandom.current().nextBytes(random);
        return type + "-" + STAMP.format(now) + "-" + HexFormat.of().formatHex(random);
    }

    /** The model reference, or {@code null} when no {@code --model} is given (the validator then names it). */
    public ModelRef modelRef() {
        return model == null || model.isBlank() ? null : new ModelRef(model, modelVersion);
    }

    /** The callback entries in the order given, or {@code null}. */
    public Map<String, String> callbackOrNull() {
        return callback == null || callback.isEmpty() ? null : new LinkedHashMap<>(callback);
    }
}
