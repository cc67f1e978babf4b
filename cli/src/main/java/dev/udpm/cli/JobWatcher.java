package dev.udpm.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;

import dev.udpm.client.JobEventLog;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.status.JobState;
import dev.udpm.schemas.status.JobStateFold;

/**
 * Follows a job on {@link Topics#JOB_EVENTS} until its terminal event, printing one line per event (on a
 * terminal the progress bar redraws in place), and turns the outcome into an exit code: completed
 * {@link ExitCodes#OK}, failed {@link ExitCodes#JOB_FAILED}, cancelled {@link ExitCodes#JOB_CANCELLED}, no end
 * within the timeout {@link ExitCodes#TIMEOUT}.
 */
public final class JobWatcher {

    /** After this long without any event of the job, say what might be missing. */
    static final Duration IDLE_HINT_AFTER = Duration.ofSeconds(15);

    private final ConnectionOptions connection;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean quiet;
    private final boolean redraw;
    private JobEvent terminal;

    public JobWatcher(ConnectionOptions connection, PrintWriter out, PrintWriter err, boolean quiet) {
        this(connection, out, err, quiet, System.console() != null);
    }

    JobWatcher(ConnectionOptions connection, PrintWriter out, PrintWriter err, boolean quiet, boolean redraw) {
        this.connection = connection;
        this.out = out;
        this.err = err;
        this.quiet = quiet;
        this.redraw = redraw;
    }

    /** The terminal event the last {@link #watch} saw, or {@code null} (none yet, or it timed out). */
    public JobEvent terminal() {
        return terminal;
    }

    /**
     * Follows {@code jobId} for at most {@code timeout} and returns the exit code of its outcome. A bulk job's
     * progress bar shows the whole job (the highest done per shard, summed; the shards' {@code jobTotal}), whatever
     * order the shards report in.
     */
    public int watch(String jobId, Duration timeout) {
        boolean[] midLine = {false};
        JobState[] state = {null};
        Optional<JobEvent> end;
        try (JobEventLog log = JobEventLog.open(connection.kafka(), ConnectionOptions.lines(err), jobId)) {
            end = log.follow(jobId, timeout, event -> {
                state[0] = JobStateFold.apply(state[0], event);
                if (quiet) {
                    return;
                }
                boolean progress = event instanceof JobProgress;
                if (redraw && progress) {
                    out.print("\r" + EventText.describe(event, state[0]));
                    midLine[0] = true;
                } else {
                    if (midLine[0]) {
                        out.println();
                        midLine[0] = false;
                    }
                    out.println(EventText.describe(event, state[0]));
                }
                out.flush();
            }, IDLE_HINT_AFTER, () -> {
                err.println("no events for job " + jobId + " yet on " + Topics.JOB_EVENTS + " (waiting up to "
                        + Reachability.seconds(timeout) + "): is a worker running? Check ./local-fleet status.");
                err.flush();
            });
        }
        if (midLine[0]) {
            out.println();
        }
        out.flush();
        if (end.isEmpty()) {
            throw new CliException(ExitCodes.TIMEOUT, "job " + jobId + " did not end within "
                    + Reachability.seconds(timeout) + " (no completed, failed or cancelled event on " + Topics.JOB_EVENTS
                    + " at " + connection.bootstrapServers() + "); raise --timeout or check ./local-fleet status");
        }
        JobEvent last = end.get();
        terminal = last;
        if (last instanceof JobCompleted) {
            return ExitCodes.OK;
        }
        if (last instanceof JobFailed f) {
            err.println("job " + jobId + " failed: " + f.code() + (f.field() == null ? "" : " at " + f.field()) + ": "
                    + f.message());
            err.flush();
            return ExitCodes.JOB_FAILED;
        }
        JobCancelled c = (JobCancelled) last;
        err.println("job " + jobId + " was cancelled" + (c.workerId() == null ? "" : " by " + c.workerId()));
        err.flush();
        return ExitCodes.JOB_CANCELLED;
    }
}
