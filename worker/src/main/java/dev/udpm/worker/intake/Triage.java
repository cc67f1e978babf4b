package dev.udpm.worker.intake;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.udpm.schemas.job.CancelJob;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.GenerateShard;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.ShardTask;
import dev.udpm.schemas.validation.Violation;

/**
 * What one {@code udpm.jobs} record is ({@link RecordTriage}).
 *
 * @param kind a job to run, a cancel, or an invalid record for the dead-letter topic
 * @param request the valid request (JOB, CANCEL), else {@code null}
 * @param jobId the job's id (always for JOB and CANCEL); for INVALID the job the record speaks for, i.e. may send
 *     a {@code failed} event for ({@link RecordTriage}), else {@code null}
 * @param violations why the record is invalid (INVALID: at least one), else empty
 * @param shardTask the shard record (SHARD, SHARD_DONE), else {@code null}
 */
public record Triage(Kind kind, JobRequest request, String jobId, List<Violation> violations, ShardTask shardTask) {

    /**
     * The kinds of record: a job, a bulk generate job (split, not run), a cancel, a shard of a bulk job to run, a
     * shard-done for the job's owner, or an invalid record.
     */
    public enum Kind { JOB, BULK, CANCEL, SHARD, SHARD_DONE, INVALID }

    public Triage {
        Objects.requireNonNull(kind, "kind");
        violations = List.copyOf(violations);
        if (kind == Kind.INVALID && violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid record needs at least one violation");
        }
    }

    static Triage of(JobRequest request) {
        Kind kind = request instanceof CancelJob ? Kind.CANCEL
                : request instanceof GenerateJob generate && generate.bulkRequested() ? Kind.BULK : Kind.JOB;
        return new Triage(kind, request, request.jobId(), List.of(), null);
    }

    static Triage of(ShardTask task) {
        return new Triage(task instanceof GenerateShard ? Kind.SHARD : Kind.SHARD_DONE, null, task.jobId(), List.of(),
                task);
    }

    static Triage invalid(String jobId, List<Violation> violations) {
        return new Triage(Kind.INVALID, null, jobId, violations, null);
    }

    /** The jobId, when the record speaks for a job. */
    public Optional<String> readableJobId() {
        return Optional.ofNullable(jobId);
    }

    /** The first violation: its field goes into the {@code failed} event and the DLQ headers. */
    public Violation firstViolation() {
        if (violations.isEmpty()) {
            throw new IllegalStateException("a " + kind + " record has no violation");
        }
        return violations.get(0);
    }

    /** One line naming every violation, e.g. {@code /count [maximum]: must have a maximum value of 1000000}. */
    public String describeViolations() {
        return String.join("; ", violations.stream().map(Violation::toString).toList());
    }
}
