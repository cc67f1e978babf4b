package dev.udpm.cli;

import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.event.Timings;

/** One line per job event, as {@code udpm watch} and {@code udpm status} print them. */
public final class EventText {

    /** Cells of the progress bar. */
    public static final int BAR_WIDTH = 30;

    private EventText() {
    }

    /** E.g. {@code progress   [###...---]  8/16  50%} or {@code failed     LIMIT_EXCEEDED at /level: ...}. */
    public static String describe(JobEvent event) {
        return String.format("%-10s %s", event.eventType(), detail(event));
    }

    private static String detail(JobEvent event) {
        if (event instanceof JobAccepted a) {
            return "by " + worker(a.workerId()) + " at " + a.time();
        }
        if (event instanceof JobProgress p) {
            return ProgressBar.render(p.done(), p.total(), BAR_WIDTH);
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
