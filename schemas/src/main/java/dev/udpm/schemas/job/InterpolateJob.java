package dev.udpm.schemas.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.udpm.schemas.Collections2;

/**
 * {@code type: interpolate}: variance-preserving latent interpolation (docs/method.md#6-latent-space),
 * {@code e = eta (delta A + sqrt(1-delta^2) B) + sqrt(1-eta^2) (delta C + sqrt(1-delta^2) D)} with eta, delta
 * in {@code linspace(0, 1, gridSize)}; with two corners only the A-B line.
 *
 * @param corners    seeds of A, B (and C, D): 2 or 4 seeds
 * @param gridSize   n, 2..{@code Limits.MAX_GRID_SIZE}
 * @param levels     levels whose latents are mixed, or {@code null} for all 1..L
 * @param classLabel class label for every image, or {@code null}
 */
public record InterpolateJob(
        String jobId,
        Instant submittedAt,
        String tenant,
        Integer priority,
        Map<String, String> callback,
        ModelRef model,
        List<Long> corners,
        int gridSize,
        List<Integer> levels,
        Integer classLabel,
        Webhook webhook) implements JobRequest {

    /** Wire value of {@code type}. */
    public static final String TYPE = "interpolate";

    public InterpolateJob {
        callback = Collections2.copy(callback);
        corners = Collections2.copy(corners);
        levels = Collections2.copy(levels);
    }

    /** Without a webhook: the constructor before {@code webhook} existed. */
    public InterpolateJob(String jobId, Instant submittedAt, String tenant, Integer priority,
            Map<String, String> callback, ModelRef model, List<Long> corners, int gridSize, List<Integer> levels, Integer classLabel) {
        this(jobId, submittedAt, tenant, priority, callback, model, corners, gridSize, levels, classLabel, null);
    }

    @Override
    public String jobType() {
        return TYPE;
    }

    /** {@code gridSize^2} with four corners, {@code gridSize} with two. */
    @Override
    public int imageCount() {
        return corners.size() == 4 ? gridSize * gridSize : gridSize;
    }
}
