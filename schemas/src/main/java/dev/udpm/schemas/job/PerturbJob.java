package dev.udpm.schemas.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.udpm.schemas.Collections2;

/**
 * {@code type: perturb}: on level {@code level} of seed {@code seed}'s latents draw
 * {@code e_l' = g e_l + sqrt(1 - g^2) e''} {@code samplesPerStrength} times per strength g, other levels fixed,
 * and return the top {@code principalComponents} principal components of the images (docs/method.md#6-latent-space).
 *
 * @param seed                seed of the base latents
 * @param level               the perturbed level l
 * @param strengths           strengths g in [0, 1]
 * @param samplesPerStrength  samples per strength (the paper uses 128)
 * @param principalComponents k, at most {@code samplesPerStrength}
 * @param classLabel          class label for every image, or {@code null}
 */
public record PerturbJob(
        String jobId,
        Instant submittedAt,
        String tenant,
        Integer priority,
        Map<String, String> callback,
        ModelRef model,
        long seed,
        int level,
        List<Double> strengths,
        int samplesPerStrength,
        int principalComponents,
        Integer classLabel,
        Webhook webhook) implements JobRequest {

    /** Wire value of {@code type}. */
    public static final String TYPE = "perturb";

    public PerturbJob {
        callback = Collections2.copy(callback);
        strengths = Collections2.copy(strengths);
    }

    /** Without a webhook: the constructor before {@code webhook} existed. */
    public PerturbJob(String jobId, Instant submittedAt, String tenant, Integer priority,
            Map<String, String> callback, ModelRef model, long seed, int level, List<Double> strengths, int samplesPerStrength, int principalComponents, Integer classLabel) {
        this(jobId, submittedAt, tenant, priority, callback, model, seed, level, strengths, samplesPerStrength, principalComponents, classLabel, null);
    }

    @Override
    public String jobType() {
        return TYPE;
    }

    /** {@code strengths.size() * samplesPerStrength} sampled images. */
    @Override
    public int imageCount() {
        return strengths.size() * samplesPerStrength;
    }
}
