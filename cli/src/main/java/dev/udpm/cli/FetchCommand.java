package dev.udpm.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code udpm fetch <jobId> --out DIR}: download a completed job's images, grid and manifest, verifying SHA-256. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Download a completed job's images, grid and manifest.json into a folder.",
                "Every object's SHA-256 is checked against the manifest (or the completed event); a mismatch exits 6."})
public final class FetchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job.")
    String jobId;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the files (created if missing).")
    Path out;

    @Option(names = "--from", paramLabel = "SOURCE", defaultValue = "manifest",
            description = "Where the object list comes from: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    JobFetcher.Source from;

    @Option(names = {"-q", "--quiet"}, description = "Print only the summary line.")
    boolean quiet;

    @Override
    public Integer call() {
        return new JobFetcher(connection, spec.commandLine().getOut(), quiet).fetch(jobId, out, from);
    }
}
