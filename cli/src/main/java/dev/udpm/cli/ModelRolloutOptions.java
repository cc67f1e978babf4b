package dev.udpm.cli;

import java.io.PrintWriter;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.SafeName;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.model.ModelRollout;
import dev.udpm.schemas.model.QualityGate;
import dev.udpm.schemas.model.RolloutRefusedException;
import dev.udpm.storage.ObjectStore;
import picocli.CommandLine.Option;

/**
 * What the {@code models canary|promote|rollback} commands share: the model's current announcement, a stored
 * version read from the bucket, the quality gate's margins, and publishing the ONE announcement a step makes.
 */
final class ModelRolloutOptions {

    @Option(names = "--max-cas-ratio-drop", paramLabel = "X", defaultValue = "0.05",
            description = "Quality gate: refuse a version whose casRatio is below the latest's minus X (default"
                    + " ${DEFAULT-VALUE}).")
    double maxCasRatioDrop;

    @Option(names = "--max-fd-increase", paramLabel = "FRACTION", defaultValue = "0.10",
            description = "Quality gate: refuse a version whose fdIndependent is above the latest's times"
                    + " 1 + FRACTION (default ${DEFAULT-VALUE}).")
    double maxFdIncrease;

    @Option(names = "--force", description = "Roll the version out even if the quality gate refuses it.")
    boolean force;

    QualityGate gate() {
        try {
            return new QualityGate(maxCasRatioDrop, maxFdIncrease);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, "--max-cas-ratio-drop / --max-fd-increase: "
                    + e.getMessage());
        }
    }

    /** The newest announcement of {@code name}; NOT_FOUND if the model was never published (or withdrawn). */
    static ModelPublished current(ConnectionOptions connection, String name, PrintWriter err) {
        requireName("model", name);
        ModelPublished current = ModelsTopic.read(connection, err).get(name);
        if (current == null) {
            throw new CliException(ExitCodes.NOT_FOUND, "model " + name + " has no announcement on " + Topics.MODELS
                    + " at " + connection.bootstrapServers() + "; a rollout step needs a published latest version");
        }
        return current;
    }

    /** The announcement of a stored version, from its manifest in the fleet's bucket. */
    static ModelPublished stored(ConnectionOptions connection, String name, String version) {
        requireName("version", version);
        try (ObjectStore store = connection.openStore()) {
            return step(() -> ModelRollout.storedVersion(name, version, connection.bucket(), store::find));
        }
    }

    /** Publishes {@code next} and prints it. */
    static int publish(ConnectionOptions connection, ModelPublished next, PrintWriter out) {
        ModelsTopic.publish(connection, next);
        out.println(describe(next));
        out.println(Json.write(next));
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Runs a step, turning a refusal into an exit code with its message: a version not stored exits NOT_FOUND, an
     * invalid stored manifest VERIFY_FAILED, any other refusal INVALID_INPUT (2).
     */
    static ModelPublished step(java.util.function.Supplier<ModelPublished> step) {
        try {
            return step.get();
        } catch (RolloutRefusedException e) {
            throw new CliException(switch (e.reason()) {
                case NOT_STORED -> ExitCodes.NOT_FOUND;
                case INVALID_MANIFEST -> ExitCodes.VERIFY_FAILED;
                case CONFLICT, QUALITY -> ExitCodes.INVALID_INPUT;
            }, e.getMessage());
        }
    }

    static String describe(ModelPublished m) {
        return "announced on " + Topics.MODELS + ": " + m.name() + " latest " + m.version()
                + m.canaryVersion().map(c -> ", canary " + c.version() + " for " + c.percent() + " % of unpinned"
                        + " jobs").orElse(", no canary");
    }

    private static void requireName(String what, String value) {
        if (value == null || !SafeName.isSafe(value)) {
            throw new CliException(ExitCodes.INVALID_INPUT, what + " '" + value + "' is not a safe name");
        }
    }
}
