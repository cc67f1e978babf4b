package dev.udpm.cli;

import java.nio.file.Path;
import java.time.Duration;

import picocli.CommandLine.Option;

/** How a job is handed over and what happens after: REST or Kafka, dry run, watch, fetch. */
public final class SubmitOptions {

    @Option(names = "--api", paramLabel = "URL", arity = "1", preprocessor = ApiOption.class,
            description = "Submit through the REST API (POST /v1/jobs) instead of writing to Kafka; a bare --api"
                    + " means $UDPM_API_URL or " + ConnectionOptions.DEFAULT_API_URL + ".")
    String apiUrl;

    @Option(names = "--dry-run", description = "Validate and print the request JSON; send nothing.")
    boolean dryRun;

    @Option(names = {"-q", "--quiet"}, description = "Print only the job id (for scripts).")
    boolean quiet;

    @Option(names = "--watch", description = "After submitting, follow the job until it ends (as `udpm watch`).")
    boolean watch;

    @Option(names = "--out", paramLabel = "DIR",
            description = "After submitting, follow the job and download its images, grid and manifest into DIR"
                    + " (as `udpm watch` then `udpm fetch --out DIR`).")
    Path out;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M", converter = DurationConverter.class,
            description = "With --watch/--out: how long to wait for the job to end (default ${DEFAULT-VALUE}).")
    Duration timeout;
}
