package dev.udpm.core.math;

/**
 * The UDPM degradation operator {@code H} and its relatives (docs/method.md#1-operator-h), applied to every channel
 * independently.
 *
 * <ul>
 *   <li>{@code H x}: the sum of every non-overlapping 2x2 block times 1/2, i.e. a 2x2 box blur with
 *       L2-normalised taps 1/2 followed by subsampling by 2. Shape {@code (h, w, C) -> (h/2, w/2, C)}.
 *   <li>{@code H^T y}: every pixel copied into its 2x2 block times 1/2. Shape {@code (h, w, C) -> (2h, 2w, C)}.
 *   <li>{@code H^l = 2^l avgpool(2^l)}: the sum of every {@code 2^l x 2^l} block times {@code 2^-l}.
 *   <li>{@code Q = H^T H}: the orthogonal projection onto images that are constant on every 2x2 block; it
 *       replaces each pixel by its block mean.
 * </ul>
 *
 * <p>Identities (see the tests): {@code H H^T = I}, so {@code H} (and {@code H^l}) has orthonormal rows;
 * {@code Q Q = Q}; {@code <H x, y> = <x, H^T y>}.
 */
public final class DegradationOperator {

    private DegradationOperator() {
    }

    /** {@code H x}: 2x2 block sums times 1/2. {@code x} must have even height and width. */
    public static Hwc applyH(Hwc x) {
        return applyHPower(x, 1);
    }

    /** {@code H^T y}: each pixel copied into a 2x2 block times 1/2; the result is twice the size of {@code y}. */
    public static Hwc applyHTranspose(Hwc y) {
        return applyHTransposePower(y, 1);
    }

    /**
     * {@code H^l x = 2^l avgpool_{2^l}(x)}: the sum over every {@code 2^l x 2^l} block times {@code 2^-l}.
     * {@code H^0} is the identity.
     *
     * @param x shape {@code (h, w, C)} with {@code h} and {@code w} divisible by {@code 2^l}
     * @return shape {@code (h / 2^l, w / 2^l, C)}
     */
    public static Hwc applyHPower(Hwc x, int l) {
        int block = blockSide(l);
        if (x.height() % block != 0 || x.width() % block != 0) {
            throw new IllegalArgumentException("H^" + l + " needs height and width divisible by " + block
                    + " but the input has shape " + x.shapeString());
        }
        if (l == 0) {
            return x;
        }
        int c = x.channels();
        int outH = x.height() / block;
        int outW = x.width() / block;
        double weight = Math.scalb(1.0, -l);
        double[] in = x.values();
        double[] out = new double[outH * outW * c];
        for (int y = 0; y < x.height(); y++) {
            int rowBase = (y / block) * outW;
            for (int xx = 0; xx < x.width(); xx++) {
                int outBase = (rowBase + xx / block) * c;
                int inBase = (y * x.width() + xx) * c;
                for (int ch = 0; ch < c; ch++) {
                    out[outBase + ch] += in[inBase + ch];
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] *= weight;
        }
        return new Hwc(outH, outW, c, out);
    }

    /**
     * {@code (H^T)^l y = (H^l)^T y}: each pixel copied into a {@code 2^l x 2^l} block times {@code 2^-l}.
     *
     * @param y shape {@code (h, w, C)}
     * @return shape {@code (h 2^l, w 2^l, C)}
     */
    public static Hwc applyHTransposePower(Hwc y, int l) {
        int block = blockSide(l);
        if (l == 0) {
            return y;
        }
        int c = y.channels();
        int outH = y.height() * block;
        int outW = y.width() * block;
        double weight = Math.scalb(1.0, -l);
        double[] in = y.values();
        double[] out = new double[outH * outW * c];
        for (int oy = 0; oy < outH; oy++) {
            int rowBase = (oy / block) * y.width();
            for (int ox = 0; ox < outW; ox++) {
                int inBase = (rowBase + ox / block) * c;
                int outBase = (oy * outW + ox) * c;
                for (int ch = 0; ch < c; ch++) {
                    out[outBase + ch] = weight * in[inBase + ch];
                }
            }
        }
        return new Hwc(outH, outW, c, out);
    }

    /**
     * {@code Q x = H^T H x}: every pixel replaced by the mean of its 2x2 block (the orthogonal projection onto
     * block-constant images). Same shape as {@code x}.
     */
    public static Hwc project(Hwc x) {
        return applyHTranspose(applyH(x));
    }

    /** {@code (I - Q) x = x - Q x}: the part of {@code x} orthogonal to block-constant images. */
    public static Hwc projectComplement(Hwc x) {
        return x.minus(project(x));
    }

    private static int blockSide(int l) {
        if (l < 0 || l > 20) {
            throw new IllegalArgumentException("power l = " + l + " of H must be in 0..20");
        }
        return 1 << l;
    }
}
