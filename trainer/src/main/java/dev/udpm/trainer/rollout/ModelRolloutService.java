package dev.udpm.trainer.rollout;

import dev.udpm.schemas.SafeName;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.model.ModelRollout;
import dev.udpm.schemas.model.QualityGate;
import dev.udpm.schemas.model.RolloutRefusedException;
import dev.udpm.storage.ObjectStore;
import dev.udpm.trainer.PublishedVersions;
import dev.udpm.trainer.config.TrainerConfig;
import dev.udpm.trainer.runs.ModelAnnouncer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Canary, promote and rollback of a model from the trainer: reads the model's newest announcement
 * ({@link PublishedVersions}), a stored version's manifest from the object store, makes the step with
 * {@link ModelRollout} and announces the ONE resulting record on {@code udpm.models}.
 */
@ApplicationScoped
public class ModelRolloutService {

    private static final Logger LOG = Logger.getLogger(ModelRolloutService.class);

    @Inject
    PublishedVersions published;

    @Inject
    ObjectStore store;

    @Inject
    ModelAnnouncer announcer;

    @Inject
    TrainerConfig config;

    /** {@code version} takes {@code percent} % of the unpinned jobs of {@code name}. */
    public ModelPublished canary(String name, String version, int percent, boolean force) {
        ModelPublished current = current(name);
        ModelPublished candidate = stored(name, version);
        return announce(ModelRollout.canary(current, candidate, percent, gate(), force));
    }

    /** The canary of {@code name} becomes its latest. */
    public ModelPublished promote(String name, boolean force) {
        return announce(ModelRollout.promote(current(name), gate(), force));
    }

    /** Drops the canary of {@code name}, or with {@code toVersion} moves its latest back to that version. */
    public ModelPublished rollback(String name, String toVersion) {
        ModelPublished current = current(name);
        return announce(toVersion == null ? ModelRollout.dropCanary(current)
                : ModelRollout.rollbackTo(current, stored(name, toVersion)));
    }

    private QualityGate gate() {
        return config.rolloutGate();
    }

    private ModelPublished current(String name) {
        if (!SafeName.isSafe(name)) {
            throw new UnknownModelException("model '" + name + "' is not a valid model name");
        }
        return published.current(name).orElseThrow(() -> new UnknownModelException("model " + name
                + " has no announcement on udpm.models; a rollout step needs a published latest version"));
    }

    private ModelPublished stored(String name, String version) {
        return ModelRollout.storedVersion(name, version, store.bucket(), store::find);
    }

    private ModelPublished announce(ModelPublished next) {
        announcer.announce(next);
        LOG.infof("Model %s: %s announced: latest %s, canary %s", next.name(), next.rollout(), next.version(),
                next.canaryVersion().map(c -> c.version() + " (" + c.percent() + " %)").orElse("none"));
        return next;
    }
}
