package dev.udpm.core.math;

import java.util.Arrays;

/**
 * One image or latent map in HWC layout, double precision: shape {@code (height, width, channels)},
 * row-major with the channel fastest, {@code index = (y * width + x) * channels + c}.
 *
 * <p>This is the layout of a TensorFlow NHWC tensor without its batch axis, so one image converts to and from
 * a batch slice with {@link #fromFloats(int, int, int, float[], int)} and {@link #writeFloats(float[], int)}.
 *
 * <p>A value object: every operation returns a new map. The constructor does not copy {@code values} (maps are
 * large and created often); the caller hands the array over and must not modify it afterwards. Equality and
 * hash code compare the shape and the values element by element.
 *
 * @param height rows, {@code > 0}
 * @param width columns, {@code > 0}
 * @param channels values per pixel, {@code > 0}
 * @param values {@code height * width * channels} values in HWC order
 */
public record Hwc(int height, int width, int channels, double[] values) {

    /**
     * @throws IllegalArgumentException if a dimension is not positive or {@code values.length} is not
     *     {@code height * width * channels}
     */
    public Hwc {
        if (height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException("Hwc shape (" + height + ", " + width + ", " + channels
                    + ") must have height, width and channels > 0");
        }
        if (values == null) {
            throw new IllegalArgumentException("Hwc values must not be null; use Hwc.zeros for an empty map");
        }
        long expected = (long) height * width * channels;
        if (values.length != expected) {
            throw new IllegalArgumentException("Hwc values has length " + values.length + " but shape (" + height
                    + ", " + width + ", " + channels + ") needs height*width*channels = " + expected);
        }
    }

    /** A map of zeros. */
    public static Hwc zeros(int height, int width, int channels) {
        return new Hwc(height, width, channels, new double[checkedSize(height, width, channels)]);
    }

    /** A map holding a copy of {@code values} (HWC order). */
    public static Hwc of(int height, int width, int channels, double... values) {
        return new Hwc(height, width, channels, values.clone());
    }

    /** A map from a float array in HWC order (widened to double; the array is not kept). */
    public static Hwc fromFloats(int height, int width, int channels, float[] values) {
        if (values == null || values.length != (long) height * width * channels) {
            throw new IllegalArgumentException("fromFloats: float array of length "
                    + (values == null ? "null" : values.length) + " does not match shape (" + height + ", " + width
                    + ", " + channels + ")");
        }
        return fromFloats(height, width, channels, values, 0);
    }

    /**
     * A map read from {@code height * width * channels} floats of {@code source} starting at {@code offset}, e.g.
     * image {@code i} of an NHWC batch at {@code offset = i * height * width * channels}.
     */
    public static Hwc fromFloats(int height, int width, int channels, float[] source, int offset) {
        int size = checkedSize(height, width, channels);
        if (source == null || offset < 0 || (long) offset + size > source.length) {
            throw new IllegalArgumentException("fromFloats: cannot read " + size + " values at offset " + offset
                    + " from an array of length " + (source == null ? "null" : source.length));
        }
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = source[offset + i];
        }
        return new Hwc(height, width, channels, values);
    }

    /** The values narrowed to float, HWC order. */
    public float[] toFloats() {
        float[] out = new float[values.length];
        writeFloats(out, 0);
        return out;
    }

    /** Writes the values narrowed to float into {@code target} from {@code offset} (one slice of an NHWC batch). */
    public void writeFloats(float[] target, int offset) {
        if (target == null || offset < 0 || (long) offset + values.length > target.length) {
            throw new IllegalArgumentException("writeFloats: cannot write " + values.length + " values at offset "
                    + offset + " into an array of length " + (target == null ? "null" : target.length));
        }
        for (int i = 0; i < values.length; i++) {
            target[offset + i] = (float) values[i];
        }
    }

    /** Number of values, {@code height * width * channels}. */
    public int size() {
        return values.length;
    }

    /** The flat index of {@code (y, x, c)}: {@code (y * width + x) * channels + c}. */
    public int index(int y, int x, int c) {
        if (y < 0 || y >= height || x < 0 || x >= width || c < 0 || c >= channels) {
            throw new IndexOutOfBoundsException("(y=" + y + ", x=" + x + ", c=" + c + ") is outside shape ("
                    + height + ", " + width + ", " + channels + ")");
        }
        return (y * width + x) * channels + c;
    }

    /** The value at {@code (y, x, c)}. */
    public double get(int y, int x, int c) {
        return values[index(y, x, c)];
    }

    /** True if {@code other} has the same height, width and channels. */
    public boolean sameShape(Hwc other) {
        return height == other.height && width == other.width && channels == other.channels;
    }

    /**
     * Throws unless {@code other} has this map's shape.
     *
     * @param what names the argument in the error message (e.g. "eps")
     */
    public void requireSameShape(Hwc other, String what) {
        if (other == null) {
            throw new IllegalArgumentException(what + " must not be null; expected shape " + shapeString());
        }
        if (!sameShape(other)) {
            throw new IllegalArgumentException(what + " has shape " + other.shapeString() + " but must have shape "
                    + shapeString());
        }
    }

    /** {@code this + other}. */
    public Hwc plus(Hwc other) {
        return linearCombination(1.0, this, 1.0, other);
    }

    /** {@code this - other}. */
    public Hwc minus(Hwc other) {
        return linearCombination(1.0, this, -1.0, other);
    }

    /** {@code s * this}. */
    public Hwc scale(double s) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = s * values[i];
        }
        return new Hwc(height, width, channels, out);
    }

    /** {@code this + s * other}. */
    public Hwc plusScaled(double s, Hwc other) {
        return linearCombination(1.0, this, s, other);
    }

    /** {@code wa * a + wb * b}, element by element (same shape required). */
    public static Hwc linearCombination(double wa, Hwc a, double wb, Hwc b) {
        a.requireSameShape(b, "second operand");
        double[] out = new double[a.values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = wa * a.values[i] + wb * b.values[i];
        }
        return new Hwc(a.height, a.width, a.channels, out);
    }

    /** The Euclidean inner product {@code <this, other>} over all values. */
    public double dot(Hwc other) {
        requireSameShape(other, "dot operand");
        double sum = 0.0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i] * other.values[i];
        }
        return sum;
    }

    /** {@code ||this||^2}. */
    public double squaredNorm() {
        return dot(this);
    }

    /** The largest {@code |this_i - other_i|}. */
    public double maxAbsDifference(Hwc other) {
        requireSameShape(other, "comparison operand");
        double max = 0.0;
        for (int i = 0; i < values.length; i++) {
            max = Math.max(max, Math.abs(values[i] - other.values[i]));
        }
        return max;
    }

    /** {@code "(height, width, channels)"}. */
    public String shapeString() {
        return "(" + height + ", " + width + ", " + channels + ")";
    }

    private static int checkedSize(int height, int width, int channels) {
        if (height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException("Hwc shape (" + height + ", " + width + ", " + channels
                    + ") must have height, width and channels > 0");
        }
        long size = (long) height * width * channels;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Hwc shape (" + height + ", " + width + ", " + channels
                    + ") has " + size + " values, more than a Java array can hold");
        }
        return (int) size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hwc other && sameShape(other) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * height + width) + channels) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        int shown = Math.min(values.length, 8);
        StringBuilder sb = new StringBuilder("Hwc").append(shapeString()).append('[');
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return sb.append(values.length > shown ? ", ...]" : "]").toString();
    }
}
