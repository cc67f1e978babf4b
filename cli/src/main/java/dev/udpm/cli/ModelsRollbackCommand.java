package dev.udpm.cli;

import java.util.concurrent.Callable;

import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.model.ModelRollout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code udpm models rollback NAME [--to VERSION]}: drops the canary, or moves the latest back to VERSION (and
 * drops any canary). Jobs already running on the version rolled back finish on it.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Drop a model's canary, or with --to move the latest back to a stored version.",
                "New unpinned jobs stop going to the version rolled back; running ones finish on it."})
public final class ModelsRollbackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "NAME", description = "Model name.")
    String name;

    @Option(names = "--to", paramLabel = "VERSION",
            description = "Stored version that becomes the latest again (no quality gate: a rollback is an undo).")
    String to;

    @Override
    public Integer call() {
        ModelPublished current = ModelRolloutOptions.current(connection, name, spec.commandLine().getErr());
        ModelPublished next;
        if (to == null) {
            next = ModelRolloutOptions.step(() -> ModelRollout.dropCanary(current));
        } else {
            ModelPublished previous = ModelRolloutOptions.stored(connection, name, to);
            next = ModelRolloutOptions.step(() -> ModelRollout.rollbackTo(current, previous));
        }
        return ModelRolloutOptions.publish(connection, next, spec.commandLine().getOut());
    }
}
