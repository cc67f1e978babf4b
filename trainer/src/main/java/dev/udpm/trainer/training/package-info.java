/**
 * Local UDPM training around {@link dev.udpm.core.train.TrainingGraph}: {@link dev.udpm.trainer.training.TrainingLoop}
 * (configuration {@link dev.udpm.trainer.training.TrainingRunConfig} in, {@link dev.udpm.trainer.training.TrainingListener}
 * callbacks and log lines out), per-step randomness keyed by {@code (seed, step)}
 * ({@link dev.udpm.trainer.training.StepRandomness}), atomic checkpoints with a JSON state
 * ({@link dev.udpm.trainer.training.Checkpoints}, {@link dev.udpm.trainer.training.TrainingState}), sample grids and a
 * loss-curve plot ({@link dev.udpm.trainer.training.LossCurvePlot}), export and evaluation of the EMA weights
 * ({@link dev.udpm.trainer.training.ModelEvaluation}) and a command line ({@link dev.udpm.trainer.training.TrainCommand}).
 * No Quarkus here: a service can drive the loop on a worker thread and upload the run folder.
 */
package dev.udpm.trainer.training;
