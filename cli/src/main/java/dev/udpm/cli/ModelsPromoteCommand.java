package dev.udpm.cli;

import java.util.concurrent.Callable;

import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.model.ModelRollout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code udpm models promote NAME}: the canary becomes the latest, for every unpinned job. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Make a model's canary the latest version (every unpinned job goes to it).",
                "A refused evaluation (quality gate) needs --force."})
public final class ModelsPromoteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ModelRolloutOptions rollout;

    @Parameters(index = "0", paramLabel = "NAME", description = "Model name.")
    String name;

    @Override
    public Integer call() {
        ModelPublished current = ModelRolloutOptions.current(connection, name, spec.commandLine().getErr());
        ModelPublished next = ModelRolloutOptions.step(() -> ModelRollout.promote(current, rollout.gate(),
                rollout.force));
        return ModelRolloutOptions.publish(connection, next, spec.commandLine().getOut());
    }
}
