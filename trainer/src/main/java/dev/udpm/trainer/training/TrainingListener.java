package dev.udpm.trainer.training;

import java.nio.file.Path;

/**
 * Callbacks of a {@link TrainingLoop}, called on the training thread (keep them short; hand work to another thread
 * if it may block). Every method has an empty default.
 */
public interface TrainingListener {

    /** Every {@code logEvery} steps and at the end of a run. */
    default void onProgress(TrainingProgress progress) {
    }

    /** After a checkpoint folder has been completed (atomically) for {@code step}. */
    default void onCheckpoint(long step, Path checkpoint) {
    }

    /** After the sample grid and the loss curve of {@code step} have been written. */
    default void onSamples(long step, Path sampleGrid, Path lossCurve) {
    }

    /** A listener that ignores everything. */
    static TrainingListener none() {
        return new TrainingListener() {
        };
    }
}
