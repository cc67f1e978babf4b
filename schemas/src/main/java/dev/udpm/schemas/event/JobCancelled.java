package dev.udpm.schemas.event;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.job.JobRequest;
import java.time.Instant;
import java.util.Map;

/** {@code type: cancelled}: the job was cancelled before it completed. */
public record JobCancelled(String jobId, Instant time, String workerId, Map<String, String> callback)
        implements JobEvent {

    /** Wire value of {@code type}. */
    public static final String TYPE = "cancelled";

    public JobCancelled {
        callback = Collections2.copy(callback);
    }

    /** Cancelled event for {@code request}, echoing its callback. */
    public static JobCancelled of(JobRequest request, String workerId, Instant time) {
        return new JobCancelled(request.jobId(), time, workerId, request.callback());
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String cloudEventType() {
        return CloudEvents.TYPE_JOB_CANCELLED;
    }

    @Override
    public boolean terminal() {
        return true;
    }
}
