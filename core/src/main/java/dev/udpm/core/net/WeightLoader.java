package dev.udpm.core.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Graph ops that overwrite a {@link NetworkParameters} set with given {@link NetworkWeights}: one float32
 * placeholder ({@code prefix + name + ".load"}) and one assign op per parameter, run together in one session
 * call by {@link #load}.
 */
public final class WeightLoader {

    private final NetworkParameters parameters;
    private final Map<String, Placeholder<TFloat32>> placeholders = new LinkedHashMap<>();
    private final List<Assign<TFloat32>> assigns = new ArrayList<>();

    WeightLoader(Ops tf, NetworkParameters parameters) {
        this.parameters = parameters;
        for (ParameterSpec spec : parameters.specs()) {
            Placeholder<TFloat32> input = tf.withName(parameters.prefix() + spec.name() + ".load")
                    .placeholder(TFloat32.class, Placeholder.shape(Shape.of(spec.shape())));
            placeholders.put(spec.name(), input);
            assigns.add(tf.assign(parameters.get(spec.name()), input));
        }
    }

    /**
     * Assigns every parameter; the weights must hold exactly the parameters of the network, with equal shapes.
     *
     * @throws IllegalArgumentException naming the first missing, extra or mis-shaped parameter
     */
    public void load(Session session, NetworkWeights weights) {
        for (String name : weights.names()) {
            if (!placeholders.containsKey(name)) {
                throw new IllegalArgumentException("weights hold parameter " + name
                        + " that the network does not have; were they saved from another configuration?");
            }
        }
        for (ParameterSpec spec : parameters.specs()) {
            if (!weights.contains(spec.name())) {
                throw new IllegalArgumentException("weights lack parameter " + spec.name() + " of shape "
                        + Arrays.toString(spec.shape()));
            }
            if (!Arrays.equals(weights.shape(spec.name()), spec.shape())) {
                throw new IllegalArgumentException("weights give parameter " + spec.name() + " shape "
                        + Arrays.toString(weights.shape(spec.name())) + " but the network needs "
                        + Arrays.toString(spec.shape()));
            }
        }
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            for (ParameterSpec spec : parameters.specs()) {
                TFloat32 t = TFloat32.tensorOf(Shape.of(spec.shape()),
                        DataBuffers.of(weights.values(spec.name()), true, false));
                tensors.add(t);
                runner.feed(placeholders.get(spec.name()), t);
            }
            // fetch one assigned value so the run cannot be pruned (docs/tensorflow.md#pruned-runs), and
            // target every assign
            assigns.forEach(runner::addTarget);
            runner.fetch(assigns.get(0));
            try (Result ignored = runner.run()) {
                // values are now in the variables
            }
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }
}
