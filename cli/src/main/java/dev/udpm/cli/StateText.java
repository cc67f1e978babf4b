package dev.udpm.cli;

import java.util.Locale;

import dev.udpm.schemas.status.JobPhase;
import dev.udpm.schemas.status.JobState;

/**
 * Human text for a job's state as the shared fold ({@link dev.udpm.schemas.status.JobStateFold}) gives it: the same
 * state {@code GET /v1/jobs/{jobId}} answers, read here from the job's events.
 */
final class StateText {

    private StateText() {
    }

    /** {@code completed}, {@code running 8/16}, {@code failed}, ... */
    static String summary(JobState state) {
        String label = state.status().name().toLowerCase(Locale.ROOT);
        return state.status() == JobPhase.RUNNING && state.total() != null && state.total() > 0
                ? label + " " + (state.done() == null ? 0 : state.done()) + "/" + state.total() : label;
    }

    /** Whether the state is a bulk job's (shards reported, or a bulk completed). */
    static boolean bulk(JobState state) {
        return state.shards() != null || state.manifestSha256() != null;
    }

    /** {@code bulk job: 30/100 images, 1/3 shards} (shards left out while none reported). */
    static String bulkSummary(JobState state) {
        return bulkLine(state.done() == null ? 0 : state.done(), state.total() == null ? 0 : state.total(),
                state.shardsDone(), state.shards());
    }

    /** {@code bulk job: N/M images, S/T shards}; the shard part only when both are known. */
    static String bulkLine(int done, int total, Integer shardsDone, Integer shards) {
        return "bulk job: " + done + "/" + total + " images" + (shards == null || shardsDone == null ? ""
                : ", " + shardsDone + "/" + shards + " shards");
    }
}
