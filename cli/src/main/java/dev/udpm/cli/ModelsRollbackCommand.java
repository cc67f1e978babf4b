package dev.udpm.cli;

import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.model.ModelRollout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code udpm models rollback NAME [--to VERSION]}: drops the canary, or moves the latest back to VERSION (and
 * drops any canary). Jobs already running on the version rolled back finish on it.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Drop a model's canary, or with --to move the latest back to a stored version.",
                "New unpinned jobs stop going to the version rolled back; running ones finish on it."})
public final class ModelsRollbackCommand extends ModelRolloutStep {

    @Option(names = "--to", paramLabel = "VERSION",
            description = "Stored version that becomes the latest again (no quality gate: a rollback is an undo).")
    String to;

    @Override
    ModelPublished next(ModelPublished current) {
        if (to == null) {
            return ModelRollout.dropCanary(current);
        }
        ModelPublished previous = ModelRolloutOptions.stored(connection, name, to);
        return ModelRollout.rollbackTo(current, previous);
    }
}
