package dev.udpm.schemas.job;

/**
 * The two images of a swap job.
 *
 * @param source seed of image A, the donor of the swapped level
 * @param target seed of image B, whose other levels are kept
 */
public record SwapSeeds(long source, long target) {
}
