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
 * @param bulk     a bulk job's shards and merged manifest, or {@code null} for a single job
 */
public record JobState(State state, int done, int total, String workerId, JobEvent last, int events, Bulk bulk) {

    /**
     * What a bulk job's events tell beyond done/total (done/total of the state are then the whole job's: the highest
     * done per shard, summed, of the shards' {@code jobTotal}).
     *
     * @param shards         shards of the job, 0 while no shard reported
     * @param shardsDone     shards that reported all of their images (all of them once completed)
     * @param objectCount    images listed by the merged manifest, once completed, else {@code null}
     * @param manifestSha256 sha256 of the merged manifest, once completed, else {@code null}
     */
    public record Bulk(int shards, int shardsDone, Integer objectCount, String manifestSha256) {
    }

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
        BulkProgress shards = new BulkProgress();
        JobCompleted bulkCompleted = null;
        for (JobEvent event : events) {
            last = event;
            if (event.workerId() != null) {
                worker = event.workerId();
            }
            if (event instanceof JobProgress p && shards.add(p)) {
                state = State.RUNNING;
                done = shards.done();
                total = shards.total();
            } else if (event instanceof JobProgress p) {
                state = State.RUNNING;
                done = p.done();
                total = p.total();
            } else if (event instanceof JobCompleted c) {
                state = State.COMPLETED;
                if (c.completesBulk()) {
                    bulkCompleted = c;
                    if (c.objectCount() != null) {
                        total = c.objectCount();
                    }
                }
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
        Bulk bulk = null;
        if (bulkCompleted != null) {
            bulk = new Bulk(shards.shards(), shards.shards(), bulkCompleted.objectCount(), bulkCompleted.manifestSha256());
        } else if (shards.known()) {
            bulk = new Bulk(shards.shards(), shards.shardsDone(), null, null);
        }
        return new JobState(state, done, total, worker, last, events.size(), bulk);
    }

    /**
     * {@code bulk job: 30/100 images, 1/3 shards} (shards left out while none reported), or {@code null} for a single
     * job.
     */
    public String bulkSummary() {
        if (bulk == null) {
            return null;
        }
        return bulkLine(done, total, bulk.shards() == 0 ? null : bulk.shardsDone(),
                bulk.shards() == 0 ? null : bulk.shards());
    }

    /** {@code bulk job: N/M images, S/T shards}; the shard part only when both are known. */
    static String bulkLine(int done, int total, Integer shardsDone, Integer shards) {
        return "bulk job: " + done + "/" + total + " images" + (shards == null || shardsDone == null ? ""
                : ", " + shardsDone + "/" + shards + " shards");
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
