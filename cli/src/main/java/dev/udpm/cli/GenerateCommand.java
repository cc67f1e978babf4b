package dev.udpm.cli;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.Limits;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.OutputFormat;
import dev.udpm.schemas.job.OutputOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code udpm submit generate}: {@code count} images from {@code seed}, optionally class-conditional, with a grid;
 * with {@code --bulk} a bulk job (no grid, no presigned URLs).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate COUNT images from SEED (image i uses class LABELS[i mod n]).")
public final class GenerateCommand implements Callable<Integer> {

    static final Map<String, String> FLAGS = RequestCheck.withCommon(Map.ofEntries(
            Map.entry("/count", "--count"), Map.entry("/seed", "--seed"), Map.entry("/classLabels", "--labels"),
            Map.entry("/output", "--grid"), Map.entry("/output/grid", "--grid"),
            Map.entry("/output/gridColumns", "--grid-columns"), Map.entry("/output/presignedUrls", "--presigned-urls"),
            Map.entry("/output/format", "--format"), Map.entry("/output/samplesPerShard", "--samples-per-shard"),
            Map.entry("/bulk", "--bulk")));

    @Mixin
    Submitter submitter;

    @Mixin
    JobOptions job;

    @Option(names = "--count", required = true, paramLabel = "N",
            description = "Images to make (up to the imageCount limit, or up to bulkImageCount with --bulk; see"
                    + " schemas/.../limits.schema.json).")
    int count;

    @Option(names = "--seed", paramLabel = "SEED", description = "Base seed (default: a random one, printed with --dry-run).")
    Long seed;

    @Option(names = "--labels", split = ",", paramLabel = "L", description = "Class labels, comma-separated, used in turn.")
    List<Integer> labels;

    @Option(names = "--grid", description = "Also store grid.png, a contact sheet of the images.")
    boolean grid;

    @Option(names = "--grid-columns", paramLabel = "N", description = "Columns of the grid (default ceil(sqrt(count))).")
    Integer gridColumns;

    @Option(names = "--presigned-urls", description = "Put presigned GET URLs in the completed event.")
    boolean presignedUrls;

    @Option(names = "--bulk", description = {"A bulk job (dataset synthesis): up to bulkImageCount images, split by"
            + " the workers into shards; one completed event points at the merged manifest.",
            "Not with --grid or --presigned-urls."})
    boolean bulk;

    @Option(names = "--format", paramLabel = "FORMAT", description = {"How the images are stored: png (one object per"
            + " image, the default) or shards (tar shards of --samples-per-shard samples, each sample NNNNNNNN.png,"
            + " .json and .cls; docs/datasets.md).", "Both write index.jsonl, one line per image."})
    OutputFormat format;

    @Option(names = "--samples-per-shard", paramLabel = "N", description = "Samples per tar shard with --format"
            + " shards (default and limit: samplesPerShard in limits.schema.json).")
    Integer samplesPerShard;

    @Override
    public Integer call() {
        refuseBulkConflicts();
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(0, 1L << 31);
        OutputOptions output = grid || gridColumns != null || presignedUrls || format != null || samplesPerShard != null
                ? new OutputOptions(grid ? Boolean.TRUE : null, gridColumns, presignedUrls ? Boolean.TRUE : null, format,
                        samplesPerShard) : null;
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        GenerateJob request = new GenerateJob(job.jobIdOr(GenerateJob.TYPE, now), now, job.tenant, job.priority,
                job.callbackOrNull(), job.modelRef(), count, s, labels, output, bulk ? Boolean.TRUE : null);
        return submitter.submit(Json.write(request), FLAGS);
    }

    /**
     * The contract's bulk rule ({@code /output/grid} and {@code /output/presignedUrls} must not be set with
     * {@code bulk: true}), said in terms of the flags before anything is built or sent.
     */
    private void refuseBulkConflicts() {
        if (!bulk) {
            if (count > Limits.MAX_IMAGES_PER_JOB && count <= Limits.MAX_BULK_IMAGES) {
                throw new CliException(ExitCodes.INVALID_INPUT, "--count " + count + " is over the "
                        + Limits.MAX_IMAGES_PER_JOB + " images of one job (contract: /count maximum): add --bulk to"
                        + " split it into shards that every worker helps with (up to " + Limits.MAX_BULK_IMAGES
                        + " images); nothing was sent");
            }
            return;
        }
        if (grid) {
            throw new CliException(ExitCodes.INVALID_INPUT, "--grid cannot be combined with --bulk: a bulk job stores no"
                    + " grid.png (contract: /output/grid must be false when bulk is true); nothing was sent");
        }
        if (presignedUrls) {
            throw new CliException(ExitCodes.INVALID_INPUT, "--presigned-urls cannot be combined with --bulk: a bulk"
                    + " job's completed event lists no objects, only the merged manifest (contract:"
                    + " /output/presignedUrls must be false when bulk is true); nothing was sent");
        }
    }
}
