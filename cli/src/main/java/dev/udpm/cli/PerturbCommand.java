package dev.udpm.cli;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.job.PerturbJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code udpm submit perturb}: e_l' = g e_l + sqrt(1 - g^2) e'' at one level, with principal components. */
@Command(name = "perturb", mixinStandardHelpOptions = true,
        description = "Perturb one level's latent with strengths g and return samples and their principal components.")
public final class PerturbCommand implements Callable<Integer> {

    static final Map<String, String> FLAGS = RequestCheck.withCommon(Map.of(
            "/seed", "--seed", "/level", "--level", "/strengths", "--strengths", "/samplesPerStrength", "--samples",
            "/principalComponents", "--components", "/classLabel", "--label"));

    @Mixin
    Submitter submitter;

    @Mixin
    JobOptions job;

    @Option(names = "--seed", required = true, paramLabel = "SEED", description = "Seed of the base latents.")
    long seed;

    @Option(names = "--level", required = true, paramLabel = "L", description = "The perturbed level.")
    int level;

    @Option(names = "--strengths", required = true, split = ",", paramLabel = "G", description = "Strengths in [0, 1].")
    List<Double> strengths;

    @Option(names = "--samples", required = true, paramLabel = "N", description = "Samples per strength.")
    int samples;

    @Option(names = "--components", required = true, paramLabel = "K", description = "Principal components (<= samples).")
    int components;

    @Option(names = "--label", paramLabel = "L", description = "Class label of every image.")
    Integer label;

    @Override
    public Integer call() {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        PerturbJob request = new PerturbJob(job.jobIdOr(PerturbJob.TYPE, now), now, job.tenant, job.priority,
                job.callbackOrNull(), job.modelRef(), seed, level, strengths, samples, components, label);
        return submitter.submit(Json.write(request), FLAGS);
    }
}
