package dev.udpm.core.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.udpm.core.tf.Tensors;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The TensorFlow variables of one network in one graph, created once and shared by every application of the
 * network ({@link UNet#apply}). Variable op names are {@code prefix + spec name} (flat, no '/';
 * docs/tensorflow.md#flat-names); lookups use the spec name without the prefix, so an EMA copy
 * ({@link #zerosCopy}) can drive the same {@link UNet} code.
 *
 * <p>Initialisation is deterministic: a {@link ParameterSpec.Init#NORMAL} parameter starts as
 * {@code std * StatelessRandomNormal(shape, seed = [seed, name.hashCode()])}, so the same seed gives the same
 * weights in any graph and process, independent of creation order. The initialisers run when a session first
 * runs the graph (TF Java auto-init).
 */
public final class NetworkParameters {

    private final String prefix;
    private final Map<String, ParameterSpec> specs = new LinkedHashMap<>();
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();

    private NetworkParameters(String prefix) {
        this.prefix = prefix;
    }

    /** Creates seeded variables for {@code specs}, named exactly as the specs. */
    public static NetworkParameters create(Ops tf, List<ParameterSpec> specs, long seed) {
        return create(tf, specs, seed, "");
    }

    /**
     * Creates seeded variables for {@code specs}, each named {@code prefix + spec.name()}.
     *
     * @throws IllegalArgumentException if two specs share a name or the prefix contains '/'
     */
    public static NetworkParameters create(Ops tf, List<ParameterSpec> specs, long seed, String prefix) {
        NetworkParameters params = new NetworkParameters(checkPrefix(prefix));
        for (ParameterSpec spec : specs) {
            Operand<TFloat32> init = switch (spec.init()) {
                case NORMAL -> tf.math.mul(
                        tf.random.statelessRandomNormal(tf.constant(spec.shape()),
                                tf.constant(new long[] {seed, spec.name().hashCode()})),
                        tf.constant((float) spec.std()));
                case ZEROS -> tf.zeros(tf.constant(spec.shape()), TFloat32.class);
                case ONES -> tf.ones(tf.constant(spec.shape()), TFloat32.class);
            };
            params.add(tf, spec, init);
        }
        return params;
    }

    /**
     * A second set of variables with the same specs, all starting at zero, named {@code prefix + name} (for
     * example exponential-moving-average weights: initialise with zeros, then assign once after the first
     * initialisation; docs/tensorflow.md#initialiser-order).
     */
    public NetworkParameters zerosCopy(Ops tf, String copyPrefix) {
        NetworkParameters copy = new NetworkParameters(checkPrefix(copyPrefix));
        for (ParameterSpec spec : specs.values()) {
            copy.add(tf, spec, tf.zeros(tf.constant(spec.shape()), TFloat32.class));
        }
        return copy;
    }

    private void add(Ops tf, ParameterSpec spec, Operand<TFloat32> init) {
        if (specs.containsKey(spec.name())) {
            throw new IllegalArgumentException("network parameter " + spec.name() + " declared twice");
        }
        specs.put(spec.name(), spec);
        variables.put(spec.name(), tf.withName(prefix + spec.name()).variable(init));
    }

    private static String checkPrefix(String prefix) {
        if (prefix == null || prefix.contains("/")) {
            throw new IllegalArgumentException("variable prefix '" + prefix + "' must not be null or contain '/'");
        }
        return prefix;
    }

    /**
     * The variable for spec name {@code name}.
     *
     * @throws IllegalArgumentException naming the parameter if it does not exist
     */
    public Variable<TFloat32> get(String name) {
        Variable<TFloat32> v = variables.get(name);
        if (v == null) {
            throw new IllegalArgumentException("network has no parameter named " + name + " (prefix '" + prefix
                    + "'); the network code and its ParameterSpec list disagree");
        }
        return v;
    }

    /** The variables in spec order (e.g. for gradients). */
    public List<Variable<TFloat32>> variables() {
        return List.copyOf(variables.values());
    }

    /** The specs in creation order. */
    public List<ParameterSpec> specs() {
        return List.copyOf(specs.values());
    }

    /** The spec names in creation order. */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(specs.keySet()));
    }

    /** The prefix of every variable op name. */
    public String prefix() {
        return prefix;
    }

    /** Total number of scalars over all parameters. */
    public long parameterCount() {
        return specs.values().stream().mapToLong(ParameterSpec::size).sum();
    }

    /** Reads every variable's current value from {@code session} in one run. */
    public NetworkWeights read(Session session) {
        Session.Runner runner = session.runner();
        variables.values().forEach(runner::fetch);
        NetworkWeights weights = new NetworkWeights();
        try (Result result = runner.run()) {
            int i = 0;
            for (ParameterSpec spec : specs.values()) {
                weights.put(spec.name(), spec.shape(),
                        Tensors.toFloats((TFloat32) result.get(i++)));
            }
        }
        return weights;
    }

    /**
     * Adds placeholders and assign ops that load {@link NetworkWeights} into these variables. Build it while
     * building the graph, before sessions run it concurrently.
     */
    public WeightLoader weightLoader(Ops tf) {
        return new WeightLoader(tf, this);
    }
}
