package dev.udpm.schemas.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.udpm.schemas.Collections2;

/**
 * {@code type: generate}: {@code count} images from {@code seed}.
 *
 * @param count       images to make, 1..{@code Limits.MAX_IMAGES_PER_JOB}
 * @param seed        base seed (int64 >= 0)
 * @param classLabels {@code null} (unconditional), or labels used in turn: image i gets
 *                    {@code classLabels[i mod size]}
 * @param output      output options, or {@code null} for the defaults
 * @param bulk        {@code true}: a bulk job, split into shard tasks ({@link ShardTask}) and answered by one
 *                    completed event pointing at the merged manifest; {@code null} or {@code false}: a single job
 *                    of at most {@code Limits.MAX_IMAGES_PER_JOB} images
 */
public record GenerateJob(
        String jobId,
        Instant submittedAt,
        String tenant,
        Integer priority,
        Map<String, String> callback,
        ModelRef model,
        int count,
        long seed,
        List<Integer> classLabels,
        OutputOptions output,
        Boolean bulk,
        Webhook webhook) implements JobRequest {

    /** Wire value of {@code type}. */
    public static final String TYPE = "generate";

    public GenerateJob {
        callback = Collections2.copy(callback);
        classLabels = Collections2.copy(classLabels);
    }

    /** Without a webhook: the constructor before {@code webhook} existed. */
    public GenerateJob(String jobId, Instant submittedAt, String tenant, Integer priority,
            Map<String, String> callback, ModelRef model, int count, long seed, List<Integer> classLabels, OutputOptions output, Boolean bulk) {
        this(jobId, submittedAt, tenant, priority, callback, model, count, seed, classLabels, output, bulk, null);
    }

    /** A single (not bulk) generate job: the constructor before {@code bulk} existed. */
    public GenerateJob(String jobId, Instant submittedAt, String tenant, Integer priority,
            Map<String, String> callback, ModelRef model, int count, long seed, List<Integer> classLabels,
            OutputOptions output) {
        this(jobId, submittedAt, tenant, priority, callback, model, count, seed, classLabels, output, null);
    }

    /** Whether this is a bulk job ({@code bulk: true}). */
    public boolean bulkRequested() {
        return Boolean.TRUE.equals(bulk);
    }

    /** This request with {@code model.version} set to {@code version} (how a bulk job pins its shards' version). */
    public GenerateJob withModelVersion(String version) {
        return new GenerateJob(jobId, submittedAt, tenant, priority, callback, new ModelRef(model.name(), version),
                count, seed, classLabels, output, bulk, webhook);
    }

    @Override
    public String jobType() {
        return TYPE;
    }

    @Override
    public int imageCount() {
        return count;
    }

    /**
     * Class label of image {@code index} (0-based): {@code classLabels[index mod size]}, or {@code null} when the
     * request has none.
     */
    public Integer classLabelOf(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("image index " + index + " outside 0.." + (count - 1));
        }
        if (classLabels == null) {
            return null;
        }
        return classLabels.get(index % classLabels.size());
    }

    /** The output options, never {@code null}. */
    public OutputOptions outputOrDefault() {
        return output == null ? new OutputOptions(null, null, null) : output;
    }
}
