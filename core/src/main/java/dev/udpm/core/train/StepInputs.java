package dev.udpm.core.train;

/**
 * Everything random that one training step at level {@code l} consumes, drawn in Java so that a run is a
 * function of its seed (the trainer keys every draw by {@code (seed, step)}). Arrays are NHWC row-major;
 * {@code S} is the image side and {@code s_l = S / 2^l}.
 *
 * @param level {@code l} in {@code 1..L}, drawn uniformly per batch
 * @param batchSize N
 * @param x0 the images {@code [N, S, S, C]} in [-1, 1]
 * @param labels class labels {@code [N]} (zeros for an unconditional model)
 * @param eps the forward-process noise {@code [N, s_l, s_l, C]}, standard normal: {@code x_l = alphaBar_l H^l x_0 + sigmaBar_l eps}
 * @param realNoise unit instance noise for the real candidates {@code [N, s_{l-1}, s_{l-1}, C]} (scaled in the
 *     graph by the step's instance-noise std); unused by a generator step (may be null there)
 * @param fakeNoise unit instance noise for the generated candidates {@code [N, s_{l-1}, s_{l-1}, C]}
 */
public record StepInputs(int level, int batchSize, float[] x0, int[] labels, float[] eps, float[] realNoise,
        float[] fakeNoise) {

    public StepInputs {
        if (batchSize < 1) {
            throw new IllegalArgumentException("step inputs: batchSize = " + batchSize + " must be >= 1");
        }
        if (x0 == null || labels == null || eps == null || fakeNoise == null) {
            throw new IllegalArgumentException("step inputs: x0, labels, eps and fakeNoise are required");
        }
        if (labels.length != batchSize) {
            throw new IllegalArgumentException("step inputs: " + labels.length + " labels for a batch of " + batchSize);
        }
    }

    /**
     * Checks every array length against the image format.
     *
     * @throws IllegalArgumentException naming the array whose length is wrong
     */
    void requireShapes(int levels, int imageSize, int channels, boolean needsRealNoise) {
        if (level < 1 || level > levels) {
            throw new IllegalArgumentException("step inputs: level = " + level + " outside 1.." + levels);
        }
        int finer = imageSize >> (level - 1);
        int coarse = imageSize >> level;
        check("x0", x0, (long) batchSize * imageSize * imageSize * channels);
        check("eps", eps, (long) batchSize * coarse * coarse * channels);
        check("fakeNoise", fakeNoise, (long) batchSize * finer * finer * channels);
        if (needsRealNoise) {
            if (realNoise == null) {
                throw new IllegalArgumentException("step inputs: realNoise is required for a discriminator step");
            }
            check("realNoise", realNoise, (long) batchSize * finer * finer * channels);
        }
    }

    private void check(String name, float[] values, long expected) {
        if (values.length != expected) {
            throw new IllegalArgumentException("step inputs: " + name + " at level " + level + " needs " + expected
                    + " values for a batch of " + batchSize + ", got " + values.length);
        }
    }
}
