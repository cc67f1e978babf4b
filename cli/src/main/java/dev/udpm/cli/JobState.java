package dev.udpm.cli;

import java.util.List;

import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.JobProgress;

/**
 * Where a job stands, folded from its events in log order: the first terminal event decides the outcome; before
 * one, the job is {@code running} once a progress event arrived, else {@code accepted}.
 *
 * @param state    one of {@link State}
 * @param done     images finished (the latest progress, or all of them once completed)
 * @param total    images of the job, or 0 when no progress event told
 * @param workerId the worker of the latest event, or {@code null}
 * @param last     the deciding event (terminal, else the latest)
 * @param events   how many events were read
 */
public record JobState(State state, int done, int total, String workerId, JobEvent last, int events) {

    /** The lifecycle states. */
    public enum State { ACCEPTED, RUNNING, COMPLETED, FAILED, CANCELLED }

    /**
     * @param events the job's events in log order, at least one
     */
    public static JobState of(List<JobEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a job state needs at least one event");
        }
        State state = State.ACCEPTED;
        int done = 0;
        int total = 0;
        String worker = null;
        JobEvent last = null;
        for (JobEvent event : events) {
            last = event;
            if (event.workerId() != null) {
                worker = event.workerId();
            }
            if (event instanceof JobProgress p) {
                state = State.RUNNING;
                done = p.done();
                total = p.total();
            } else if (event instanceof JobCompleted) {
                state = State.COMPLETED;
                done = total;
            } else if (event instanceof JobFailed) {
                state = State.FAILED;
            } else if (event instanceof JobCancelled) {
                state = State.CANCELLED;
            } else if (!(event instanceof JobAccepted)) {
                throw new IllegalStateException("unknown event type " + event.eventType());
            }
            if (event.terminal()) {
                break;
            }
        }
        return new JobState(state, done, total, worker, last, events.size());
    }

    /** The state in lower case, as printed: {@code running}, {@code completed}, ... */
    public String label() {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code completed}, {@code running 8/16}, {@code failed}, ... */
    public String summary() {
        return state == State.RUNNING && total > 0 ? label() + " " + done + "/" + total : label();
    }
}
