/**
 * Local UDPM training around {@link dev.udpm.core.train.TrainingGraph}: {@link dev.udpm.trainer.training.TrainingLoop}
 * (configuration {@link dev.udpm.trainer.training.TrainingRunConfig} in, {@link dev.udpm.trainer.training.TrainingListener}
 * callbacks and log lines out), per-step randomness keyed by {@code (seed, step)}
 * ({@link dev.udpm.trainer.training.StepRandomness}), atomic checkpoints with a JSON state
 * ({@link dev.udpm.trainer.training.Checkpoints}, {@link dev.udpm.trainer.training.TrainingState}), sample grids and a
 * loss-curve plot ({@link dev.udpm.trainer.training.LossCurvePlot}), export and evaluation of the EMA weights
 * ({@link dev.udpm.trainer.training.ModelEvaluation}) and a command line ({@link dev.udpm.trainer.training.TrainCommand}).
 * A run is described by a {@link dev.udpm.trainer.training.RunRequest} (the service's REST body and what the command's
 * options fill; its {@code DEFAULTS} are the only place a run's defaults are written), which gives the loop's
 * configuration; that configuration's JSON form is {@link dev.udpm.trainer.training.RunConfigJson}'s.
 * No Quarkus here: a service can drive the loop on a worker thread and upload the run folder.
 */
package dev.udpm.trainer.training;
