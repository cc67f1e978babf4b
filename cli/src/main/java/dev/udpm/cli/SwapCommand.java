package dev.udpm.cli;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.job.SwapJob;
import dev.udpm.schemas.job.SwapSeeds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code udpm submit swap}: one image per level l, the target's latents with e_l taken from the source. */
@Command(name = "swap", mixinStandardHelpOptions = true,
        description = "Swap latent levels: for each level, the target image with that level's noise from the source.")
public final class SwapCommand implements Callable<Integer> {

    static final Map<String, String> FLAGS = RequestCheck.withCommon(Map.of(
            "/seeds", "--source-seed", "/seeds/source", "--source-seed", "/seeds/target", "--target-seed",
            "/levels", "--levels", "/classLabel", "--label"));

    @Mixin
    Submitter submitter;

    @Mixin
    JobOptions job;

    @Option(names = "--source-seed", required = true, paramLabel = "SEED", description = "Seed of the donor image A.")
    long source;

    @Option(names = "--target-seed", required = true, paramLabel = "SEED", description = "Seed of the kept image B.")
    long target;

    @Option(names = "--levels", required = true, split = ",", paramLabel = "L", description = "Distinct levels to swap.")
    List<Integer> levels;

    @Option(names = "--label", paramLabel = "L", description = "Class label of every image.")
    Integer label;

    @Override
    public Integer call() {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        SwapJob request = new SwapJob(job.jobIdOr(SwapJob.TYPE, now), now, job.tenant, job.priority, job.callbackOrNull(),
                job.modelRef(), new SwapSeeds(source, target), levels, label);
        return submitter.submit(Json.write(request), FLAGS);
    }
}
