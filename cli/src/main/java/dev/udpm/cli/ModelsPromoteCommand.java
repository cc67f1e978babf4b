package dev.udpm.cli;

import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.model.ModelRollout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code udpm models promote NAME}: the canary becomes the latest, for every unpinned job. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Make a model's canary the latest version (every unpinned job goes to it).",
                "A refused evaluation (quality gate) needs --force."})
public final class ModelsPromoteCommand extends ModelRolloutStep {

    @Mixin
    ModelRolloutOptions rollout;

    @Override
    ModelPublished next(ModelPublished current) {
        return ModelRollout.promote(current, rollout.gate(), rollout.force);
    }
}
