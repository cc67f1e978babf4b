package dev.udpm.trainer.training;

import java.util.ArrayList;
import java.util.List;

import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.latent.Latents;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.trainer.eval.VarianceRatios;

/**
 * What each latent level controls: for every class, {@code bases} latent sets are drawn; for each base and level
 * {@code l}, {@code variants} images are made with only {@code e_l} redrawn (the other levels kept). The variance over
 * those variants (per pooled pixel at a scale, averaged over pixels, bases and, for the share, classes) is the
 * variance level {@code l} controls at that scale.
 */
final class LatentLevelVariance {

    /** Seed offset of the redrawn maps, so they never coincide with the bases' maps. */
    private static final long VARIANT_SEED_OFFSET = 0x5EEDL;

    /**
     * @param perClassAtScale {@code [level - 1][scale index][class]}: within-base variance when only that level varies,
     *     at {@link VarianceRatios#SCALES}
     */
    record Result(double[][][] perClassAtScale) {

        /** Mean over classes of the variance level {@code l} controls at scale index {@code s}. */
        double mean(int l, int s) {
            return VarianceRatios.mean(perClassAtScale[l - 1][s]);
        }

        /** Level {@code l}'s share of the summed per-level variance at scale index {@code s}. */
        double share(int l, int s) {
            double sum = 0;
            for (int k = 1; k <= perClassAtScale.length; k++) {
                sum += mean(k, s);
            }
            return mean(l, s) / sum;
        }
    }

    private LatentLevelVariance() {
    }

    static Result measure(UdpmModel model, int classes, int bases, int variants, long seed) {
        if (bases < 1 || variants < 2) {
            throw new IllegalArgumentException("latent level variance: bases = " + bases + " must be >= 1 and variants = "
                    + variants + " >= 2");
        }
        LatentGenerator generator = new LatentGenerator(model.latentShapes());
        int size = model.manifest().imageSize();
        int channels = model.manifest().channels();
        int levels = model.latentShapes().levels();
        int groups = classes * bases;
        double[][][] out = new double[levels][VarianceRatios.SCALES.length][classes];
        for (int l = 1; l <= levels; l++) {
            List<Latents> latents = new ArrayList<>(groups * variants);
            int[] labels = new int[groups * variants];
            int[] group = new int[groups * variants];
            for (int g = 0; g < groups; g++) {
                Latents base = generator.generate(seed, g);
                for (int v = 0; v < variants; v++) {
                    Latents redrawn = generator.generate(seed + VARIANT_SEED_OFFSET * l, (long) g * variants + v);
                    latents.add(base.withLevel(l, redrawn.level(l)));
                    labels[g * variants + v] = g / bases;
                    group[g * variants + v] = g;
                }
            }
            float[] images = ModelEvaluation.generate(model, latents, model.manifest().conditional() ? labels : null);
            for (int s = 0; s < VarianceRatios.SCALES.length; s++) {
                double[] perGroup = VarianceRatios.withinClass(images, group, group.length, size, channels, groups,
                        VarianceRatios.SCALES[s]);
                for (int c = 0; c < classes; c++) {
                    double sum = 0;
                    for (int b = 0; b < bases; b++) {
                        sum += perGroup[c * bases + b];
                    }
                    out[l - 1][s][c] = sum / bases;
                }
            }
        }
        return new Result(out);
    }
}
