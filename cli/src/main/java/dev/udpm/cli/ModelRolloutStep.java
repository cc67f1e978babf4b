package dev.udpm.cli;

import java.util.concurrent.Callable;

import dev.udpm.schemas.model.ModelPublished;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What the {@code models canary|promote|rollback} commands run: model NAME's current announcement is read, the
 * command makes the next one from it ({@link #next}, a refusal exits as {@link ModelRolloutOptions#step} says), and
 * that one announcement is published and printed.
 */
abstract class ModelRolloutStep implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "NAME", description = "Model name.")
    String name;

    /** The announcement that follows {@code current} (the newest one of {@link #name}). */
    abstract ModelPublished next(ModelPublished current);

    @Override
    public final Integer call() {
        ModelPublished current = ModelRolloutOptions.current(connection, name, spec.commandLine().getErr());
        ModelPublished next = ModelRolloutOptions.step(() -> next(current));
        return ModelRolloutOptions.publish(connection, next, spec.commandLine().getOut());
    }
}
