package dev.udpm.core.net;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The values of a network's parameters as plain Java arrays, keyed by flat parameter name (see
 * {@link ParameterSpec}). This is how weights cross from one graph to another: the trainer reads its EMA
 * weights from its session ({@link NetworkParameters#read}) and the exporter loads them into a fresh
 * sampling graph ({@link WeightLoader#load}). Arrays are row-major in the parameter's shape.
 */
public final class NetworkWeights {

    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Map<String, float[]> values = new LinkedHashMap<>();

    /**
     * Adds one parameter (the arrays are copied).
     *
     * @throws IllegalArgumentException if the name is already present or the value count does not match the shape
     */
    public NetworkWeights put(String name, long[] shape, float[] data) {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("weights: parameter " + name + " of shape " + Arrays.toString(shape)
                    + " needs " + size + " values, got " + data.length);
        }
        if (values.containsKey(name)) {
            throw new IllegalArgumentException("weights: parameter " + name + " given twice");
        }
        shapes.put(name, shape.clone());
        values.put(name, data.clone());
        return this;
    }

    /** The parameter names, in insertion order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** A copy of one parameter's values; throws naming the parameter if it is absent. */
    public float[] values(String name) {
        return require(name).clone();
    }

    /** A copy of one parameter's shape. */
    public long[] shape(String name) {
        require(name);
        return shapes.get(name).clone();
    }

    /** True if the parameter is present. */
    public boolean contains(String name) {
        return values.containsKey(name);
    }

    /** Total number of scalars. */
    public long parameterCount() {
        return values.values().stream().mapToLong(a -> a.length).sum();
    }

    private float[] require(String name) {
        float[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("weights: no parameter named " + name);
        }
        return v;
    }
}
