package dev.udpm.core.latent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.udpm.core.math.Hwc;

/**
 * Seeded, counter-based latents: the latents of image {@code index} of a job with seed {@code seed} depend on
 * {@code (seed, index)} only, never on the batch, the order of calls or the thread. Any worker re-creates the
 * same latents, hence the same image bytes (docs/method.md#5-sampling; docs/architecture.md#determinism).
 *
 * <h2>Specification</h2>
 * All integer arithmetic is on unsigned 64-bit words modulo 2^64 (Java {@code long}); {@code >>>} is a
 * logical right shift and {@code ^} exclusive or.
 * <pre>
 * GAMMA    = 0x9E3779B97F4A7C15
 * mix64(z) = z ^= z >>> 30; z *= 0xBF58476D1CE4E5B9;
 *            z ^= z >>> 27; z *= 0x94D049BB133111EB;
 *            return z ^ (z >>> 31)                          (the SplitMix64 output function)
 *
 * key(seed, index, l) = mix64(mix64(mix64(seed) ^ index) ^ l)      l = 1..L, the latent level
 * word(key, i)        = mix64(key + (i + 1) * GAMMA)              i = 0, 1, 2, ...
 * </pre>
 * i.e. {@code word(key, 0), word(key, 1), ...} is exactly the output of Vigna's {@code splitmix64.c} with its
 * state initialised to {@code key} (state 0 gives 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, ...).
 *
 * <p>Normals, by the Box-Muller transform in double precision, pair {@code j = 0, 1, 2, ...}:
 * <pre>
 * u1 = ((word(key, 2j)     >>> 11) + 1) * 2^-53                    in (0, 1]
 * u2 =  (word(key, 2j + 1) >>> 11)      * 2^-53                    in [0, 1)
 * r  = sqrt(-2 * log(u1));  theta = (2 * pi) * u2                  (2 * pi = 6.283185307179586)
 * normal(2j) = r * cos(theta);  normal(2j + 1) = r * sin(theta)
 * </pre>
 * using {@link StrictMath} (fdlibm), so results are bit-identical on every JVM; an implementation on another
 * libm may differ in the last bit or two. Normal {@code k} of stream {@code key(seed, index, l)} is the value
 * at flat HWC index {@code k} ({@code (y * side + x) * C + c}) of {@code e_l}; when {@code e_l} has an odd
 * number of values the last sine is unused. The values do not depend on the other levels, so levels can be
 * generated separately and in any order.
 */
public final class LatentGenerator {

    /** The SplitMix64 increment, {@code floor(2^64 / phi)} rounded to odd. */
    static final long GAMMA = 0x9E3779B97F4A7C15L;
    private static final double TWO_PI = 2.0 * Math.PI;
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

    private final LatentShapes shapes;

    public LatentGenerator(LatentShapes shapes) {
        this.shapes = Objects.requireNonNull(shapes, "latent shapes must not be null");
    }

    public LatentShapes shapes() {
        return shapes;
    }

    /** The latents {@code e_1..e_L} of image {@code index} under {@code seed}. */
    public Latents generate(long seed, long index) {
        List<Hwc> maps = new ArrayList<>(shapes.levels());
        for (int l = 1; l <= shapes.levels(); l++) {
            maps.add(level(seed, index, l));
        }
        return Latents.of(shapes, maps);
    }

    /** The latents of images {@code firstIndex .. firstIndex + count - 1}; element i equals
     * {@code generate(seed, firstIndex + i)}. */
    public List<Latents> generate(long seed, long firstIndex, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("latent count = " + count + " must be >= 0");
        }
        List<Latents> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(generate(seed, firstIndex + i));
        }
        return out;
    }

    /** The map {@code e_l} of image {@code index} under {@code seed}, l = 1..L. */
    public Hwc level(long seed, long index, int l) {
        int side = shapes.side(l);
        return new Hwc(side, side, shapes.channels(), normals(key(seed, index, l), shapes.elementCount(l)));
    }

    /** {@code key(seed, index, l) = mix64(mix64(mix64(seed) ^ index) ^ l)}. */
    static long key(long seed, long index, int level) {
        return mix64(mix64(mix64(seed) ^ index) ^ level);
    }

    /** The first {@code count} normals of the stream {@code key} (see the class specification). */
    static double[] normals(long key, int count) {
        double[] out = new double[count];
        long state = key;
        for (int k = 0; k < count; k += 2) {
            state += GAMMA;
            long w1 = mix64(state);
            state += GAMMA;
            long w2 = mix64(state);
            double u1 = ((w1 >>> 11) + 1) * TWO_POW_MINUS_53;
            double u2 = (w2 >>> 11) * TWO_POW_MINUS_53;
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
            double theta = TWO_PI * u2;
            out[k] = r * StrictMath.cos(theta);
            if (k + 1 < count) {
                out[k + 1] = r * StrictMath.sin(theta);
            }
        }
        return out;
    }

    /** The SplitMix64 output function (Stafford's "Mix13" finaliser). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
