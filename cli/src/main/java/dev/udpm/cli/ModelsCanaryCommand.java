package dev.udpm.cli;

import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.model.ModelRollout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code udpm models canary NAME VERSION --percent P}: VERSION takes P % of the unpinned jobs; the latest stays. */
@Command(name = "canary", mixinStandardHelpOptions = true,
        description = {"Send a share of the unpinned jobs of a model to a stored version (by a hash of the jobId).",
                "The latest stays; a refused evaluation (quality gate) needs --force."})
public final class ModelsCanaryCommand extends ModelRolloutStep {

    @Mixin
    ModelRolloutOptions rollout;

    @Parameters(index = "1", paramLabel = "VERSION", description = "Stored version (models/NAME/VERSION/manifest.json).")
    String version;

    @Option(names = "--percent", paramLabel = "P", required = true,
            description = "Share of the unpinned jobs sent to VERSION, 1..99.")
    int percent;

    @Override
    ModelPublished next(ModelPublished current) {
        ModelPublished candidate = ModelRolloutOptions.stored(connection, name, version);
        return ModelRollout.canary(current, candidate, percent, rollout.gate(), rollout.force);
    }
}
