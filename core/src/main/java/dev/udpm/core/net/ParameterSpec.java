package dev.udpm.core.net;

import java.util.Arrays;

/**
 * One trainable tensor of a network: its flat name (such as {@code down1.res0.conv1.w}; TensorFlow Java
 * rejects '/' in names), its shape and how it is initialised.
 *
 * @param name flat variable name, unique in the network
 * @param shape dimensions, e.g. {@code [3, 3, in, out]} for a convolution kernel
 * @param init initialisation rule
 * @param std standard deviation for {@link Init#NORMAL}, ignored otherwise
 */
public record ParameterSpec(String name, long[] shape, Init init, double std) {

    /** How a parameter starts. */
    public enum Init {
        /** i.i.d. normal with standard deviation {@code std} (seeded, stateless). */
        NORMAL,
        /** all zeros (biases, shifts). */
        ZEROS,
        /** all ones (group-norm scales). */
        ONES
    }

    public ParameterSpec {
        if (name == null || name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("parameter name '" + name + "' must be non-empty and contain no '/'");
        }
        shape = shape.clone();
        for (long d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("parameter " + name + " has non-positive dimension in "
                        + Arrays.toString(shape));
            }
        }
    }

    /** A normally initialised tensor with {@code std = gain / sqrt(fanIn)}. */
    static ParameterSpec normal(String name, double gain, long fanIn, long... shape) {
        return new ParameterSpec(name, shape, Init.NORMAL, gain / Math.sqrt(fanIn));
    }

    static ParameterSpec zeros(String name, long... shape) {
        return new ParameterSpec(name, shape, Init.ZEROS, 0);
    }

    static ParameterSpec ones(String name, long... shape) {
        return new ParameterSpec(name, shape, Init.ONES, 0);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of scalars in the tensor. */
    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterSpec p && p.name.equals(name) && Arrays.equals(p.shape, shape)
                && p.init == init && Double.compare(p.std, std) == 0;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + " " + init + (init == Init.NORMAL ? "(std " + std + ")" : "");
    }
}
