package dev.udpm.schemas.event;

import java.time.Instant;
import java.util.Map;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.job.JobRequest;

/**
 * {@code type: progress}: {@code done} of {@code total} images finished.
 *
 * @param done  finished images, 0..total
 * @param total images of the job (of the shard when {@code shard} is set), >= 1
 * @param shard which shard of a bulk job this is, or {@code null} for a single job
 * @param traceId the W3C trace id of the job's trace (32 hex digits), or {@code null} when not traced
 */
public record JobProgress(String jobId, Instant time, String workerId, Map<String, String> callback,
        int done, int total, ShardProgress shard, String traceId) implements JobEvent {

    /** Wire value of {@code type}. */
    public static final String TYPE = "progress";

    public JobProgress {
        callback = Collections2.copy(callback);
    }

    /** {@code progress} without trace id. */
    public JobProgress(String jobId, Instant time, String workerId, Map<String, String> callback,
            int done, int total, ShardProgress shard) {
        this(jobId, time, workerId, callback, done, total, shard, null);
    }

    @Override
    public JobProgress withTraceId(String traceId) {
        return new JobProgress(jobId, time, workerId, callback, done, total, shard, traceId);
    }

    /** Progress of a single job (no shard). */
    public JobProgress(String jobId, Instant time, String workerId, Map<String, String> callback, int done,
            int total) {
        this(jobId, time, workerId, callback, done, total, null);
    }

    /**
     * A shard of a bulk job: {@code done} of {@code total} images of shard {@code index} of {@code count}, whose
     * job has {@code jobTotal} images.
     *
     * @param index shard index, 0..count-1
     * @param count shards of the job
     * @param jobTotal images of the whole job
     */
    public record ShardProgress(int index, int count, int jobTotal) {
    }

    /** Progress event for {@code request}, echoing its callback. */
    public static JobProgress of(JobRequest request, String workerId, Instant time, int done, int total) {
        return new JobProgress(request.jobId(), time, workerId, request.callback(), done, total);
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String cloudEventType() {
        return CloudEvents.TYPE_JOB_PROGRESS;
    }
}
