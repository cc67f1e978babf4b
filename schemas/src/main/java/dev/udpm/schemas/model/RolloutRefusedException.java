package dev.udpm.schemas.model;

/** A rollout step ({@link ModelRollout}) that must not be announced; the message says why and what to do. */
public final class RolloutRefusedException extends RuntimeException {

    /** Why it was refused. */
    public enum Reason {
        /** The step does not fit the model's current state (no canary to promote, same version, ...). */
        CONFLICT,
        /** The version's evaluation is worse than the latest's beyond the quality gate's margins. */
        QUALITY,
        /** The version has no {@code manifest.json} in the fleet's bucket. */
        NOT_STORED,
        /** The version's stored {@code manifest.json} is not a valid manifest of that model and version. */
        INVALID_MANIFEST
    }

    private final Reason reason;

    public RolloutRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
