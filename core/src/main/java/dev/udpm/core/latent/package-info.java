/**
 * The UDPM latent space (docs/method.md#5-sampling and #6-latent-space): the shapes of {@code e_1..e_L}
 * ({@link dev.udpm.core.latent.LatentShapes}), immutable latent sets ({@link dev.udpm.core.latent.Latents}), the
 * initial state {@code x_L} from {@code e_L} ({@link dev.udpm.core.latent.LatentPrior}), the counter-based seeded
 * generator that makes an image a function of (seed, index) only ({@link dev.udpm.core.latent.LatentGenerator}),
 * the variance-preserving interpolation, swap and perturbation ({@link dev.udpm.core.latent.LatentOps}) and the
 * principal components of generated images ({@link dev.udpm.core.latent.PrincipalComponents}).
 */
package dev.udpm.core.latent;
