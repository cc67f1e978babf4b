package dev.udpm.trainer.training;

import dev.udpm.core.train.StepLosses;

/** A loss became NaN or infinite: training cannot continue from the in-memory state. */
public final class TrainingDivergedException extends RuntimeException {

    private final long step;

    TrainingDivergedException(long step, StepLosses discriminator, StepLosses generator, long lastCheckpoint) {
        super("training diverged at step " + step + " (level " + generator.level() + "): discriminator "
                + discriminator.values() + ", generator " + generator.values() + "; the newest checkpoint (step "
                + lastCheckpoint + ") is intact: resume from it with lower learning rates or a larger R1 gamma");
        this.step = step;
    }

    /** The step whose losses were not finite. */
    public long step() {
        return step;
    }
}
