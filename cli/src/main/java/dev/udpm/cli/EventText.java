package dev.udpm.cli;

import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.event.Timings;
import dev.udpm.schemas.status.JobState;

/** One line per job event, as {@code udpm watch} and {@code udpm status} print them. */
public final class EventText {

    /** Cells of the progress bar. */
    public static final int BAR_WIDTH = 30;

    private EventText() {
    }

    /**
     * E.g. {@code progress   [###...---]  8/16  50%} or {@code failed     LIMIT_EXCEEDED at /level: ...}. A bulk
     * shard's progress is shown on its own: {@code progress   [###---] 10/40  25%  shard #2 of 3, job 100 images}.
     */
    public static String describe(JobEvent event) {
        return describe(event, null);
    }

    /**
     * As {@link #describe(JobEvent)}, but a bulk shard's progress shows the whole job from {@code state} (the job's
     * events folded up to and including this one): {@code progress   [###---]  30/100  30%  bulk, 1/3 shards done}.
     *
     * @param state the job's state after the event, or {@code null}
     */
    static String describe(JobEvent event, JobState state) {
        return String.format("%-10s %s", event.eventType(), detail(event, state));
    }

    private static String detail(JobEvent event, JobState bulk) {
        if (event instanceof JobAccepted a) {
            return "by " + worker(a.workerId()) + " at " + a.time();
        }
        if (event instanceof JobProgress p && p.shard() != null) {
            if (bulk != null && bulk.shards() != null && bulk.total() != null && bulk.total() >= 1) {
                return ProgressBar.render(bulk.done(), bulk.total(), BAR_WIDTH) + "  bulk, " + bulk.shardsDone() + "/"
                        + bulk.shards() + " shards done";
            }
            return ProgressBar.render(p.done(), p.total(), BAR_WIDTH) + "  shard #" + p.shard().index() + " of "
                    + p.shard().count() + ", job " + p.shard().jobTotal() + " images";
        }
        if (event instanceof JobProgress p) {
            return ProgressBar.render(p.done(), p.total(), BAR_WIDTH);
        }
        if (event instanceof JobCompleted c && c.completesBulk()) {
            int images = c.objectCount() == null ? 0 : c.objectCount();
            String shards = bulk != null && bulk.shards() != null ? " in " + bulk.shards() + " shards" : "";
            return images + " image" + (images == 1 ? "" : "s") + shards + " (bulk; manifest " + c.manifestKey()
                    + " sha256 " + c.manifestSha256() + "), model " + c.modelName() + " " + c.modelVersion()
                    + timings(c.timings());
        }
        if (event instanceof JobCompleted c) {
            return c.objects().size() + " object" + (c.objects().size() == 1 ? "" : "s") + " (manifest "
                    + c.manifestKey() + "), model " + c.modelName() + " " + c.modelVersion() + timings(c.timings());
        }
        if (event instanceof JobFailed f) {
            return f.code() + (f.field() == null ? "" : " at " + f.field()) + ": " + f.message();
        }
        JobCancelled x = (JobCancelled) event;
        return "by " + worker(x.workerId()) + " at " + x.time();
    }

    private static String worker(String workerId) {
        return workerId == null ? "a worker" : workerId;
    }

    private static String timings(Timings t) {
        if (t == null) {
            return "";
        }
        return ", queued " + millis(t.queuedMs()) + ", compute " + millis(t.computeMs()) + ", total " + millis(t.totalMs());
    }

    /** {@code 340 ms} below 10 s, else {@code 12.3 s}. */
    static String millis(long ms) {
        return ms < 10_000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
    }
}
