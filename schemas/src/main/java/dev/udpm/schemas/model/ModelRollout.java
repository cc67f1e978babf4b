package dev.udpm.schemas.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ContractViolationException;

/**
 * The rollout steps of a model as pure functions from its current announcement (the newest record on
 * {@code udpm.models}) to the ONE announcement that makes the step, for the CLI and the trainer to publish. Nothing
 * here does I/O of its own (a stored version is read through the caller's reader); a step that does not fit the
 * current state throws {@link RolloutRefusedException}.
 */
public final class ModelRollout {

    private ModelRollout() {
    }

    /**
     * Sends {@code percent} % of the unpinned jobs to {@code candidate}; the latest stays. Replaces an earlier
     * canary.
     *
     * @param force skip the quality gate
     */
    public static ModelPublished canary(ModelPublished current, ModelPublished candidate, int percent,
            QualityGate gate, boolean force) {
        sameModel(current, candidate);
        if (percent < 1 || percent > 99) {
            throw new RolloutRefusedException(RolloutRefusedException.Reason.CONFLICT, "canary percent " + percent
                    + " must be within 1..99 (100 % is a promote)");
        }
        if (candidate.version().equals(current.version())) {
            throw new RolloutRefusedException(RolloutRefusedException.Reason.CONFLICT, "version "
                    + candidate.version() + " of model " + current.name() + " is already the latest; a canary must"
                    + " be another version");
        }
        checkQuality(current, candidate.version(), candidate, gate, force, "canary");
        return current.latestOnly().withCanary(ModelPublished.Canary.of(candidate, percent),
                ModelPublished.Rollout.CANARY);
    }

    /**
     * The canary becomes the latest (every unpinned job goes to it); no canary remains.
     *
     * @param force skip the quality gate
     */
    public static ModelPublished promote(ModelPublished current, QualityGate gate, boolean force) {
        ModelPublished.Canary canary = current.canary();
        if (canary == null) {
            throw new RolloutRefusedException(RolloutRefusedException.Reason.CONFLICT, "model " + current.name()
                    + " has no canary to promote (latest " + current.version() + "); start one with canary first");
        }
        ModelPublished promoted = canary.asPublished(current.name());
        checkQuality(current, canary.version(), promoted, gate, force, "latest");
        return promoted.withCanary(null, ModelPublished.Rollout.PROMOTE);
    }

    /** Drops the canary: every unpinned job goes to the latest again. */
    public static ModelPublished dropCanary(ModelPublished current) {
        if (current.canary() == null) {
            throw new RolloutRefusedException(RolloutRefusedException.Reason.CONFLICT, "model " + current.name()
                    + " has no canary to roll back (latest " + current.version() + "); to move the latest back,"
                    + " name the version to roll back to");
        }
        return current.latestOnly().withCanary(null, ModelPublished.Rollout.ROLLBACK);
    }

    /**
     * Moves the latest back to {@code previous} and drops any canary. Not subject to the quality gate: a rollback
     * undoes a version that misbehaves in service, whatever its evaluation said.
     */
    public static ModelPublished rollbackTo(ModelPublished current, ModelPublished previous) {
        sameModel(current, previous);
        if (previous.version().equals(current.version())) {
            throw new RolloutRefusedException(RolloutRefusedException.Reason.CONFLICT, "version " + previous.version()
                    + " of model " + current.name() + " is already the latest; nothing to roll back"
                    + (current.canary() == null ? "" : " (to drop the canary, roll back without a version)"));
        }
        return previous.latestOnly().withCanary(null, ModelPublished.Rollout.ROLLBACK);
    }

    /**
     * The announcement of a stored version, its {@code manifest.json} read through {@code objects} (key ->
     * the object's bytes, empty when it does not exist) from {@code bucket}: the one way the CLI and the trainer
     * turn a stored version into a rollout candidate.
     *
     * @throws RolloutRefusedException {@link RolloutRefusedException.Reason#NOT_STORED} when the manifest does not
     *         exist, {@link RolloutRefusedException.Reason#INVALID_MANIFEST} when it is not a valid manifest of that
     *         model and version
     */
    public static ModelPublished storedVersion(String name, String version, String bucket,
            Function<String, Optional<byte[]>> objects) {
        String key = ModelManifest.keyOf(name, version);
        byte[] manifest = objects.apply(key).orElseThrow(() -> new RolloutRefusedException(
                RolloutRefusedException.Reason.NOT_STORED, key + " does not exist in bucket '" + bucket
                        + "': upload the version (its manifest last) before rolling it out"));
        try {
            return storedVersion(name, version, bucket, manifest);
        } catch (ContractViolationException e) {
            throw new RolloutRefusedException(RolloutRefusedException.Reason.INVALID_MANIFEST, key
                    + " is not a valid model manifest: " + e.getMessage());
        }
    }

    /**
     * The announcement of a stored version, from the bytes of its {@code manifest.json} (read by the caller from
     * {@code models/{name}/{version}/manifest.json} in {@code bucket}): location, the bytes' SHA-256, the manifest's
     * {@code created} and metrics, as the trainer announces a version it exports.
     *
     * @throws dev.udpm.schemas.validation.ContractViolationException if the manifest is not valid
     * @throws RolloutRefusedException {@link RolloutRefusedException.Reason#INVALID_MANIFEST} if the manifest names
     *         another model or version
     */
    public static ModelPublished storedVersion(String name, String version, String bucket, byte[] manifestBytes) {
        ModelManifest manifest = ContractValidator.shared().parseModelManifest(
                new String(manifestBytes, StandardCharsets.UTF_8));
        if (!manifest.name().equals(name) || !manifest.version().equals(version)) {
            throw new RolloutRefusedException(RolloutRefusedException.Reason.INVALID_MANIFEST,
                    ModelManifest.keyOf(name, version) + " names " + manifest.name() + "/" + manifest.version()
                            + ", not " + name + "/" + version);
        }
        String sha256;
        try {
            sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifestBytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        return new ModelPublished(name, version, new ModelPublished.Location(bucket, ObjectKeys.modelPrefix(name,
                version)), sha256, manifest.created(), manifest.metrics(), null);
    }

    private static void sameModel(ModelPublished current, ModelPublished other) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(other, "other");
        if (!current.name().equals(other.name())) {
            throw new IllegalArgumentException("version " + other.version() + " belongs to model " + other.name()
                    + ", not " + current.name());
        }
    }

    private static void checkQuality(ModelPublished current, String version, ModelPublished candidate,
            QualityGate gate, boolean force, String as) {
        if (force) {
            return;
        }
        List<String> failures = gate.failures(candidate.metrics(), current.metrics());
        if (!failures.isEmpty()) {
            throw new RolloutRefusedException(RolloutRefusedException.Reason.QUALITY, "version " + version
                    + " of model " + current.name() + " is refused as " + as + ": its evaluation is worse than the"
                    + " latest " + current.version() + "'s: " + String.join("; ", failures)
                    + "; use --force (REST: \"force\": true) to roll it out anyway");
        }
    }
}
