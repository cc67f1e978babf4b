package dev.udpm.schemas.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.udpm.schemas.Collections2;

/**
 * {@code type: swap}: for each listed level l, take the target's latents and replace {@code e_l} with the
 * source's (docs/method.md#6-latent-space); one image per level, in the order listed.
 *
 * @param seeds      source and target seeds
 * @param levels     distinct levels to swap
 * @param classLabel class label for every image, or {@code null}
 */
public record SwapJob(
        String jobId,
        Instant submittedAt,
        String tenant,
        Integer priority,
        Map<String, String> callback,
        ModelRef model,
        SwapSeeds seeds,
        List<Integer> levels,
        Integer classLabel,
        Webhook webhook) implements JobRequest {

    /** Wire value of {@code type}. */
    public static final String TYPE = "swap";

    public SwapJob {
        callback = Collections2.copy(callback);
        levels = Collections2.copy(levels);
    }

    /** Without a webhook: the constructor before {@code webhook} existed. */
    public SwapJob(String jobId, Instant submittedAt, String tenant, Integer priority,
            Map<String, String> callback, ModelRef model, SwapSeeds seeds, List<Integer> levels, Integer classLabel) {
        this(jobId, submittedAt, tenant, priority, callback, model, seeds, levels, classLabel, null);
    }

    @Override
    public String jobType() {
        return TYPE;
    }

    @Override
    public int imageCount() {
        return levels.size();
    }
}
