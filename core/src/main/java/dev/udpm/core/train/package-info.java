/**
 * UDPM training (docs/method.md#4-network-and-training): the hyper-parameters
 * ({@link dev.udpm.core.train.TrainingConfig}), the conditional discriminator
 * ({@link dev.udpm.core.train.Discriminator}) and the training graph with its generator, discriminator and EMA steps
 * ({@link dev.udpm.core.train.TrainingGraph}). The loop that feeds it (data, per-step randomness, checkpoints,
 * progress) lives in the trainer module.
 */
package dev.udpm.core.train;
