package dev.udpm.trainer.runs;

import java.time.Instant;
import java.util.Map;

import dev.udpm.trainer.training.RunRequest;

/**
 * What {@code GET /v1/runs/{runId}} answers and {@code runs/{runId}/state.json} holds.
 *
 * @param runId the run
 * @param state where the run is in its life
 * @param reason why it FAILED (or why it stopped); null otherwise
 * @param modelName the model it exports
 * @param step completed steps (as of the latest progress report or checkpoint)
 * @param totalSteps the step the run trains to
 * @param losses the latest progress window's mean losses by term ({@code g.l1}, {@code d.real}, ...)
 * @param imagesPerSecond training throughput of the latest window
 * @param etaSeconds estimated seconds to {@code totalSteps}
 * @param resumedFromStep the checkpoint step this instance resumed from; null for a fresh start
 * @param skippedCheckpoints when resuming skipped newer stored checkpoints because they failed verification (a file
 *     differs from its completion marker, or is missing): which, and why; null otherwise
 * @param latestCheckpoint key prefix of the newest complete checkpoint in the object store, or null
 * @param exportedVersion the model version exported and announced, once COMPLETED
 * @param startedAt when the run was first started
 * @param updatedAt when this status was last changed
 */
public record RunStatus(String runId, RunState state, String reason, String modelName, long step, long totalSteps,
        Map<String, Double> losses, Double imagesPerSecond, Double etaSeconds, Long resumedFromStep,
        String skippedCheckpoints, String latestCheckpoint, String exportedVersion, Instant startedAt, Instant updatedAt) {

    public RunStatus {
        losses = losses == null ? Map.of() : Map.copyOf(losses);
    }

    /** A run that has just started (or been resumed at {@code step}). */
    static RunStatus started(RunRequest request, Instant now) {
        return new RunStatus(request.runId(), RunState.RUNNING, null, request.modelName(), 0, request.steps(),
                Map.of(), null, null, null, null, null, null, now, now);
    }

    RunStatus withState(RunState newState, String newReason) {
        return new RunStatus(runId, newState, newReason, modelName, step, totalSteps, losses, imagesPerSecond,
                etaSeconds, resumedFromStep, skippedCheckpoints, latestCheckpoint, exportedVersion, startedAt,
                Instant.now());
    }

    RunStatus withProgress(long newStep, Map<String, Double> newLosses, double rate, double eta) {
        return new RunStatus(runId, state, reason, modelName, newStep, totalSteps, newLosses, rate, eta,
                resumedFromStep, skippedCheckpoints, latestCheckpoint, exportedVersion, startedAt, Instant.now());
    }

    RunStatus withCheckpoint(long newStep, String key) {
        return new RunStatus(runId, state, reason, modelName, Math.max(step, newStep), totalSteps, losses,
                imagesPerSecond, etaSeconds, resumedFromStep, skippedCheckpoints, key, exportedVersion, startedAt,
                Instant.now());
    }

    /** @param skipped which newer checkpoints failed verification and why, or null */
    RunStatus resumedAt(long fromStep, String skipped) {
        return new RunStatus(runId, RunState.RUNNING, null, modelName, fromStep, totalSteps,
                losses, imagesPerSecond, etaSeconds, fromStep, skipped, latestCheckpoint, exportedVersion, startedAt,
                Instant.now());
    }

    RunStatus exported(String version) {
        return new RunStatus(runId, RunState.COMPLETED, null, modelName, step, totalSteps, losses, imagesPerSecond,
                0.0, resumedFromStep, skippedCheckpoints, latestCheckpoint, version, startedAt, Instant.now());
    }
}
