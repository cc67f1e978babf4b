package dev.udpm.schemas;

import java.util.List;

/**
 * Where an image of an interpolate, swap or perturb job gets its latents (common.schema.json
 * {@code $defs/latentOrigin}): with the model version and the label it regenerates the image. A seed's latents are
 * {@code G(seed, 0)}. Fields that do not belong to {@code kind} are {@code null}.
 *
 * @param kind {@code interpolate}, {@code swap} or {@code perturb}
 * @param corners interpolate: the corner seeds in request order
 * @param gridSize interpolate: n
 * @param row interpolate, four corners: the image's row in the n x n grid
 * @param column interpolate, four corners: its column
 * @param step interpolate, two corners: its step along the path from corner 0 to corner 1
 * @param levels interpolate: the levels interpolated
 * @param source swap: the seed whose level-{@code level} map is taken
 * @param target swap: the seed whose other maps are kept
 * @param level swap: the level taken; perturb: the perturbed level
 * @param seed perturb: the seed
 * @param strength perturb: g
 * @param sample perturb: j, the fresh latents are {@code G_level(seed, 1 + j)}
 */
public record LatentOrigin(String kind, List<Long> corners, Integer gridSize, Integer row, Integer column,
        Integer step, List<Integer> levels, Long source, Long target, Integer level, Long seed, Double strength,
        Integer sample) {

    public LatentOrigin {
        corners = Collections2.copy(corners);
        levels = Collections2.copy(levels);
    }

    /** Image {@code row * gridSize + column} of a four-corner interpolation. */
    public static LatentOrigin grid(List<Long> corners, int gridSize, int row, int column, List<Integer> levels) {
        return new LatentOrigin("interpolate", corners, gridSize, row, column, null, levels, null, null, null, null,
                null, null);
    }

    /** Image {@code step} of a two-corner interpolation path. */
    public static LatentOrigin path(List<Long> corners, int gridSize, int step, List<Integer> levels) {
        return new LatentOrigin("interpolate", corners, gridSize, null, null, step, levels, null, null, null, null,
                null, null);
    }

    /** {@code target}'s latents with level {@code level} from {@code source}. */
    public static LatentOrigin swap(long source, long target, int level) {
        return new LatentOrigin("swap", null, null, null, null, null, null, source, target, level, null, null, null);
    }

    /** {@code seed}'s latents with level {@code level} perturbed at strength {@code strength} by sample {@code j}. */
    public static LatentOrigin perturb(long seed, int level, double strength, int sample) {
        return new LatentOrigin("perturb", null, null, null, null, null, null, null, null, level, seed, strength,
                sample);
    }
}
