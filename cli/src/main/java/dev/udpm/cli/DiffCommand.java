package dev.udpm.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.udpm.schemas.job.Lineage;
import dev.udpm.storage.ObjectStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code udpm diff JOB1 JOB2}: compares two finished jobs' images by sha256 from their manifests (a bulk job's from
 * its shard manifests, each checked against the merged manifest), prints identical / different / missing counts, the
 * differing images by index and how the two lineages differ. Exit {@link ExitCodes#OK} when identical,
 * {@link ExitCodes#DIFFERENT} when not.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two finished jobs' images by SHA-256 (from their manifests; nothing is downloaded).",
                "Prints identical / different / missing counts, the differing image indices and how the two jobs'"
                        + " lineages (request hash, model, sampler, worker build) differ.",
                "Exit 0 when both jobs hold the same objects with the same bytes, 1 when they differ."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:identical", "1:different (an image differs or only one job has it)",
                "5:a job has no manifest (not completed)", "6:a manifest or shard manifest failed its check",
                "69:the object store is not reachable"})
public final class DiffCommand implements Callable<Integer> {

    /** Differing names listed one by one; the rest are counted. */
    static final int MAX_LISTED = 50;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "JOB1", description = "The first job.")
    String first;

    @Parameters(index = "1", paramLabel = "JOB2", description = "The second job.")
    String second;

    @Option(names = "--max-listed", paramLabel = "N", defaultValue = "" + MAX_LISTED,
            description = "List at most N differing images (default ${DEFAULT-VALUE}).")
    int maxListed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ManifestDiff diff;
        StoredJob a;
        StoredJob b;
        try (ObjectStore store = connection.openStore()) {
            a = StoredJob.read(store, connection, first);
            b = StoredJob.read(store, connection, second);
            Map<String, String> digestsA = a.objectDigests(store, connection);
            Map<String, String> digestsB = b.objectDigests(store, connection);
            diff = ManifestDiff.compare(digestsA, digestsB);
        }
        out.println("job " + first + " (" + describe(a) + ") vs job " + second + " (" + describe(b) + ")");
        out.println("lineage: " + lineage(a.manifest().lineage(), b.manifest().lineage()));
        out.println("identical " + diff.identical().size() + ", different " + diff.different().size() + ", missing "
                + diff.missing());
        if (!diff.different().isEmpty()) {
            out.println("different: " + ManifestDiff.describe(diff.different(), maxListed));
        }
        if (!diff.onlyInFirst().isEmpty()) {
            out.println("only in " + first + ": " + ManifestDiff.describe(diff.onlyInFirst(), maxListed));
        }
        if (!diff.onlyInSecond().isEmpty()) {
            out.println("only in " + second + ": " + ManifestDiff.describe(diff.onlyInSecond(), maxListed));
        }
        out.println(diff.same() ? "identical" : "different");
        out.flush();
        return diff.same() ? ExitCodes.OK : ExitCodes.DIFFERENT;
    }

    private static String describe(StoredJob job) {
        return job.manifest().modelName() + "/" + job.manifest().modelVersion() + ", " + job.manifest().request().jobType()
                + (job.manifest().shards() == null ? "" : ", bulk");
    }

    /** What the two lineages share and where they differ, in one line. */
    static String lineage(Lineage a, Lineage b) {
        if (a == null || b == null) {
            return (a == null && b == null ? "neither job" : a == null ? "the first job" : "the second job")
                    + " records one (written before lineage existed)";
        }
        StringBuilder s = new StringBuilder();
        s.append(a.requestSha256().equals(b.requestSha256()) ? "same request"
                : "different requests (" + shortSha(a.requestSha256()) + " vs " + shortSha(b.requestSha256()) + ")");
        s.append(a.model().sameVersion(b.model()) ? ", same model " + a.model().name() + "/" + a.model().version()
                : ", different models (" + model(a) + " vs " + model(b) + ")");
        s.append(a.sampler().equals(b.sampler()) ? ", same sampler" : ", different samplers (" + a.sampler() + " vs "
                + b.sampler() + ")");
        s.append(a.worker().equals(b.worker()) ? ", same worker build " + build(a.worker())
                : ", worker builds " + build(a.worker()) + " vs " + build(b.worker()));
        return s.toString();
    }

    private static String model(Lineage l) {
        return l.model().name() + "/" + l.model().version() + " manifest " + shortSha(l.model().manifestSha256());
    }

    private static String build(Lineage.Build b) {
        return b.version() + (b.commit() == null ? "" : " " + b.commit().substring(0, 12)
                + (Boolean.TRUE.equals(b.dirty()) ? "+dirty" : ""));
    }

    private static String shortSha(String sha) {
        return sha.substring(0, 12);
    }
}
