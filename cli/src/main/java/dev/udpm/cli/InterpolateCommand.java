package dev.udpm.cli;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.job.InterpolateJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code udpm submit interpolate}: a line (2 corner seeds) or a square grid (4 corner seeds) of latent interpolations. */
@Command(name = "interpolate", mixinStandardHelpOptions = true,
        description = "Interpolate between 2 corner seeds (a line of N images) or 4 (an N x N grid), stored with grid.png.")
public final class InterpolateCommand implements Callable<Integer> {

    static final Map<String, String> FLAGS = RequestCheck.withCommon(Map.of(
            "/corners", "--corners", "/gridSize", "--grid-size", "/levels", "--levels", "/classLabel", "--label"));

    @Mixin
    Submitter submitter;

    @Mixin
    JobOptions job;

    @Option(names = "--corners", required = true, split = ",", paramLabel = "SEED",
            description = "2 or 4 corner seeds, comma-separated (A,B or A,B,C,D).")
    List<Long> corners;

    @Option(names = "--grid-size", required = true, paramLabel = "N", description = "Images per side.")
    int gridSize;

    @Option(names = "--levels", split = ",", paramLabel = "L", description = "Levels whose latents are mixed (default all).")
    List<Integer> levels;

    @Option(names = "--label", paramLabel = "L", description = "Class label of every image.")
    Integer label;

    @Override
    public Integer call() {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        InterpolateJob request = new InterpolateJob(job.jobIdOr(InterpolateJob.TYPE, now), now, job.tenant, job.priority,
                job.callbackOrNull(), job.modelRef(), corners, gridSize, levels, label);
        return submitter.submit(Json.write(request), FLAGS);
    }
}
