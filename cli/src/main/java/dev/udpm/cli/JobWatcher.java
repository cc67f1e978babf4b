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
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ContractViolationException;

/**
 * Follows a job on {@link Topics#JOB_EVENTS} (or the REST API's event stream) until its terminal event, printing one
 * line per event (on a terminal the progress bar redraws in place), and turns the outcome into an exit code: completed
 * {@link ExitCodes#OK}, failed {@link ExitCodes#JOB_FAILED}, cancelled {@link ExitCodes#JOB_CANCELLED}, no end
 * within the timeout {@link ExitCodes#TIMEOUT}.
 */
public final class JobWatcher {

    /** After this long without any event of the job, say what might be missing. */
    static final Duration IDLE_HINT_AFTER = Duration.ofSeconds(15);
    /** Between two requests of {@link #watchApi} (job not visible yet, or a stream ended before the job). */
    static final Duration API_RETRY = Duration.ofSeconds(1);

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
        Printer printer = new Printer();
        Optional<JobEvent> end;
        try (JobEventLog log = JobEventLog.open(connection.kafka(), ConnectionOptions.lines(err), jobId)) {
            end = log.follow(jobId, timeout, printer::show, IDLE_HINT_AFTER, () -> {
                err.println("no events for job " + jobId + " yet on " + Topics.JOB_EVENTS + " (waiting up to "
                        + Reachability.seconds(timeout) + "): is a worker running? Check ./local-fleet status.");
                err.flush();
            });
        }
        printer.endLine();
        if (end.isEmpty()) {
            throw new CliException(ExitCodes.TIMEOUT, "job " + jobId + " did not end within "
                    + Reachability.seconds(timeout) + " (no completed, failed or cancelled event on " + Topics.JOB_EVENTS
                    + " at " + connection.bootstrapServers() + "); raise --timeout or check ./local-fleet status");
        }
        return outcome(jobId, end.get());
    }

    /**
     * Follows {@code jobId} through the REST API's event stream ({@code GET /v1/jobs/{jobId}/events}) for at most
     * {@code timeout}, printing what {@link #watch} prints. A stream that ends before the job (the server bounds a
     * stream's lifetime) is reopened with {@code Last-Event-ID}, so no event is shown twice; while the job is not
     * visible yet (404: still queued, or not this key's) it asks again every {@link #API_RETRY}.
     */
    public int watchApi(ApiClient api, String jobId, Duration timeout) {
        Printer printer = new Printer();
        long start = System.nanoTime();
        long until = start + timeout.toNanos();
        String[] lastId = {null};
        JobEvent[] end = {null};
        boolean hinted = false;
        while (end[0] == null && System.nanoTime() - until < 0) {
            boolean visible = api.followEvents(jobId, lastId[0], until, sse -> {
                JobEvent event;
                try {
                    event = ContractValidator.shared().parseJobEvent(sse.data());
                } catch (ContractViolationException e) {
                    err.println("warning: skipped an invalid event of job " + jobId + " (id " + sse.id() + "): "
                            + e.getMessage());
                    err.flush();
                    lastId[0] = sse.id();
                    return true;
                }
                lastId[0] = sse.id();
                printer.show(event);
                if (event.terminal()) {
                    end[0] = event;
                    return false;
                }
                return true;
            });
            if (end[0] != null) {
                break;
            }
            if (!visible && !hinted && System.nanoTime() - start > IDLE_HINT_AFTER.toNanos()) {
                hinted = true;
                err.println("job " + jobId + " is not visible at " + api.base() + " yet (waiting up to "
                        + Reachability.seconds(timeout) + "): still queued, not submitted, or another tenant's;"
                        + " is a worker running?");
                err.flush();
            }
            pause(until);
        }
        printer.endLine();
        if (end[0] == null) {
            throw new CliException(ExitCodes.TIMEOUT, "job " + jobId + " did not end within "
                    + Reachability.seconds(timeout) + " (no completed, failed or cancelled event from " + api.base()
                    + "/v1/jobs/" + jobId + "/events); raise --timeout");
        }
        return outcome(jobId, end[0]);
    }

    private static void pause(long until) {
        long left = until - System.nanoTime();
        if (left <= 0) {
            return;
        }
        try {
            Thread.sleep(Math.min(API_RETRY.toMillis(), Math.max(1, left / 1_000_000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.SOFTWARE, "interrupted while watching");
        }
    }

    /** The exit code of {@code last}, with the failure or cancellation said on stderr. */
    private int outcome(String jobId, JobEvent last) {
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

    /** One line per event (a progress bar redrawn in place on a terminal), the job's state folded as it goes. */
    private final class Printer {

        private JobState state;
        private boolean midLine;

        void show(JobEvent event) {
            state = JobStateFold.apply(state, event);
            if (quiet) {
                return;
            }
            boolean progress = event instanceof JobProgress;
            if (redraw && progress) {
                out.print("\r" + EventText.describe(event, state));
                midLine = true;
            } else {
                if (midLine) {
                    out.println();
                    midLine = false;
                }
                out.println(EventText.describe(event, state));
            }
            out.flush();
        }

        void endLine() {
            if (midLine) {
                out.println();
            }
            out.flush();
        }
    }
}
