package dev.udpm.trainer.training;

import java.util.SplittableRandom;

import dev.udpm.core.train.StepInputs;
import dev.udpm.trainer.data.ImageDataset;

/**
 * Every random draw of a training run as a pure function of {@code (seed, step)}, so that a run resumed from a
 * checkpoint at step {@code k} continues exactly as the uninterrupted run would have (nothing random is carried in
 * memory from one step to the next).
 *
 * <h2>Specification</h2>
 * {@code mix64} is the SplitMix64 finaliser and {@code key(seed, i, stream) = mix64(mix64(mix64(seed) ^ i) ^ stream)};
 * each draw uses {@code new SplittableRandom(key(...))}:
 * <ul>
 *   <li>batch of step {@code t} (1-based): with {@code E = floor(N / B)} batches per epoch, epoch
 *       {@code e = (t - 1) / E} and position {@code p = (t - 1) mod E}, the images {@code perm_e[pB .. pB + B)} where
 *       {@code perm_e} is a Fisher-Yates shuffle of {@code 0..N-1} drawn from stream {@value #PERMUTATION} keyed by
 *       {@code e} (the last {@code N mod B} images of a permutation are skipped that epoch);</li>
 *   <li>level {@code l = levels[nextInt(levels.length)]} from stream {@value #LEVEL}, where {@code levels} is the run's
 *       level draw ({@code 1..L} by default, so {@code l = 1 + nextInt(L)});</li>
 *   <li>unit normals by the Box-Muller transform ({@link StrictMath}, as {@code dev.udpm.core.latent.LatentGenerator})
 *       from streams {@value #D_EPS} (D step eps), {@value #D_REAL_NOISE} and {@value #D_FAKE_NOISE} (D step instance
 *       noise), {@value #G_EPS} and {@value #G_FAKE_NOISE} (G step eps and instance noise): the generator step sees a
 *       fresh forward-process draw of the same images.</li>
 * </ul>
 */
public final class StepRandomness {

    static final long PERMUTATION = 1;
    static final long LEVEL = 2;
    static final long D_EPS = 3;
    static final long D_REAL_NOISE = 4;
    static final long D_FAKE_NOISE = 5;
    static final long G_EPS = 6;
    static final long G_FAKE_NOISE = 7;

    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

    private final long seed;
    private final ImageDataset data;
    private final int batchSize;
    private final int[] levels;
    private final int[] permutation;
    private long permutationEpoch = -1;

    /**
     * @throws IllegalArgumentException if the dataset holds fewer images than one batch
     */
    public StepRandomness(long seed, ImageDataset data, int batchSize, int levels) {
        this(seed, data, batchSize, java.util.stream.IntStream.rangeClosed(1, levels).toArray());
    }

    /**
     * Draws each step's level uniformly from {@code levels} (a level listed twice is drawn twice as often).
     *
     * @throws IllegalArgumentException if the dataset holds fewer images than one batch or {@code levels} is empty
     */
    public StepRandomness(long seed, ImageDataset data, int batchSize, int[] levels) {
        if (levels.length == 0) {
            throw new IllegalArgumentException("at least one level to draw from is needed");
        }
        if (data.size() < batchSize) {
            throw new IllegalArgumentException("the dataset holds " + data.size() + " images, fewer than one batch of "
                    + batchSize + ": lower the batch size or add images");
        }
        this.seed = seed;
        this.data = data;
        this.batchSize = batchSize;
        this.levels = levels.clone();
        this.permutation = new int[data.size()];
    }

    /** The two {@link StepInputs} of 1-based step {@code t}: the discriminator's, then the generator's. */
    public Draw draw(long step) {
        if (step < 1) {
            throw new IllegalArgumentException("step = " + step + " must be >= 1");
        }
        int level = levels[new SplittableRandom(key(seed, step, LEVEL)).nextInt(levels.length)];
        int size = data.imageSize();
        int c = data.channels();
        int coarse = (size >> level) * (size >> level) * c * batchSize;
        int finer = (size >> (level - 1)) * (size >> (level - 1)) * c * batchSize;
        float[] x0 = new float[batchSize * data.valuesPerImage()];
        int[] labels = new int[batchSize];
        data.copyBatch(batchIndices(step), x0, labels);
        StepInputs d = new StepInputs(level, batchSize, x0, labels, normals(step, D_EPS, coarse),
                normals(step, D_REAL_NOISE, finer), normals(step, D_FAKE_NOISE, finer));
        StepInputs g = new StepInputs(level, batchSize, x0, labels, normals(step, G_EPS, coarse), null,
                normals(step, G_FAKE_NOISE, finer));
        return new Draw(level, d, g);
    }

    /** The inputs of one step. */
    public record Draw(int level, StepInputs discriminator, StepInputs generator) {
    }

    /** The dataset indices of step {@code t}'s batch (see the class specification). */
    public int[] batchIndices(long step) {
        long perEpoch = data.size() / batchSize;
        long epoch = (step - 1) / perEpoch;
        int position = (int) ((step - 1) % perEpoch);
        if (epoch != permutationEpoch) {
            for (int i = 0; i < permutation.length; i++) {
                permutation[i] = i;
            }
            SplittableRandom random = new SplittableRandom(key(seed, epoch, PERMUTATION));
            for (int i = permutation.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = permutation[i];
                permutation[i] = permutation[j];
                permutation[j] = tmp;
            }
            permutationEpoch = epoch;
        }
        int[] out = new int[batchSize];
        System.arraycopy(permutation, position * batchSize, out, 0, batchSize);
        return out;
    }

    /** {@code count} standard normals of stream {@code (step, stream)}. */
    float[] normals(long step, long stream, int count) {
        SplittableRandom random = new SplittableRandom(key(seed, step, stream));
        float[] out = new float[count];
        for (int k = 0; k < count; k += 2) {
            double u1 = ((random.nextLong() >>> 11) + 1) * TWO_POW_MINUS_53;
            double u2 = (random.nextLong() >>> 11) * TWO_POW_MINUS_53;
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
            double theta = 2.0 * Math.PI * u2;
            out[k] = (float) (r * StrictMath.cos(theta));
            if (k + 1 < count) {
                out[k + 1] = (float) (r * StrictMath.sin(theta));
            }
        }
        return out;
    }

    /** {@code mix64(mix64(mix64(seed) ^ index) ^ stream)}. */
    static long key(long seed, long index, long stream) {
        return mix64(mix64(mix64(seed) ^ index) ^ stream);
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
