package dev.udpm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.storage.ObjectStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code udpm fetch <jobId> --out DIR}: download a completed job's images, grid and manifest, verifying SHA-256; a
 * bulk job through its merged manifest and shard manifests.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Download a completed job's images, grid and manifest.json into a folder.",
                "Every object's SHA-256 is checked against the manifest (or the completed event); a mismatch exits 6.",
                "A bulk job: the merged manifest is checked against the completed event's manifestSha256, each shard"
                        + " manifest (saved under shards/) against the merged manifest, then every image; downloads run"
                        + " --parallel at a time with progress lines (every --progress-every objects and every 2 s)."})
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

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + JobFetcher.DEFAULT_PARALLEL,
            description = "Bulk jobs: downloads in flight at once (default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--progress-every", paramLabel = "N", defaultValue = "" + JobFetcher.DEFAULT_PROGRESS_EVERY,
            description = "Bulk jobs: a progress line after every N objects (images or tar shards; default ${DEFAULT-VALUE})"
                    + " and at least every 2 s: done/total, MB, MB/s, time left.")
    int progressEvery;

    @Option(names = "--layout", paramLabel = "LAYOUT", description = {"After the download, arrange the images as:"
            + " png ({index:06d}.png; a shards job's tars are unpacked), shards (the tar shards as stored) or"
            + " imagefolder (<class name>/{index:06d}.png when the model's manifest names its classes, else"
            + " <label>/{index:06d}.png with labels zero-padded; for torchvision's ImageFolder).",
            "Default: as stored. Uses index.jsonl; every unpacked PNG is checked against its sha256."})
    DatasetLayout.Layout layout;

    private ModelClassNames.Result classNames() {
        JobManifest manifest;
        try {
            manifest = ContractValidator.shared().parseJobManifest(Files.readString(out.resolve(ObjectKeys.MANIFEST)));
        } catch (IOException | RuntimeException e) {
            return new ModelClassNames.Result(null, "cannot read " + out.resolve(ObjectKeys.MANIFEST) + " (" + e
                    .getMessage() + "); folders are named by label");
        }
        try (ObjectStore store = connection.openStore()) {
            return ModelClassNames.lookup(store, manifest);
        }
    }

    @Override
    public Integer call() {
        int code = new JobFetcher(connection, spec.commandLine().getOut(), spec.commandLine().getErr(), quiet, parallel,
                progressEvery).fetch(jobId, out, from);
        if (code == ExitCodes.OK && layout != null) {
            List<String> classNames = null;
            if (layout == DatasetLayout.Layout.IMAGEFOLDER) {
                ModelClassNames.Result names = classNames();
                classNames = names.names();
                if (names.note() != null && !quiet) {
                    spec.commandLine().getOut().println(names.note());
                }
            }
            spec.commandLine().getOut().println(DatasetLayout.apply(out, jobId, layout, classNames));
            spec.commandLine().getOut().flush();
        }
        return code;
    }
}
