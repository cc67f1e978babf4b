package dev.udpm.core.train;

import java.util.ArrayList;
import java.util.List;

import dev.udpm.core.net.NetworkParameters;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The exponential moving average of the generator's weights, used for sampling and export
 * (docs/method.md#4-network-and-training): after every generator step {@code ema <- ema - (1 - decay) (ema - w)}, i.e.
 * {@code ema <- decay * ema + (1 - decay) * w}, with the decay fed per call.
 *
 * <p>The average is a zero-initialised copy of the source variables ({@code NetworkParameters.zerosCopy}) set equal
 * to the source ONCE, after the session's initialisers ran ({@link #resetToSource};
 * docs/tensorflow.md#initialiser-order: initialisers run in no particular order, so it cannot be initialised
 * from the source). It must stay out of every optimizer: {@link TrainingGraph} differentiates explicit variable
 * lists only (docs/tensorflow.md#explicit-gradients), which is what lets it create the average early, while
 * the graph is small.
 */
public final class ExponentialMovingAverage {

    private final NetworkParameters source;
    private final NetworkParameters average;
    private final Placeholder<TFloat32> decay;
    private final List<Op> updates = new ArrayList<>();
    private final List<Op> resets = new ArrayList<>();

    private ExponentialMovingAverage(Ops tf, NetworkParameters source, String prefix) {
        this.source = source;
        this.average = source.zerosCopy(tf, prefix);
        this.decay = tf.withName(prefix + "decay").placeholder(TFloat32.class);
        Operand<TFloat32> rate = tf.math.sub(tf.constant(1f), decay);
        List<Variable<TFloat32>> from = source.variables();
        List<Variable<TFloat32>> to = average.variables();
        for (int i = 0; i < from.size(); i++) {
            updates.add(tf.assignSub(to.get(i), tf.math.mul(tf.math.sub(to.get(i), from.get(i)), rate)));
            resets.add(tf.assign(to.get(i), from.get(i)));
        }
    }

    /** Adds the average variables (named {@code prefix + name}) and their update and reset ops. */
    public static ExponentialMovingAverage create(Ops tf, NetworkParameters source, String prefix) {
        return new ExponentialMovingAverage(tf, source, prefix);
    }

    /** The averaged weights (drive a network with them through {@code UNet.withParameters}). */
    public NetworkParameters average() {
        return average;
    }

    /** Sets the average equal to the source weights (once, after initialisation). */
    public void resetToSource(Session session) {
        run(session.runner(), resets);
    }

    /** {@code ema <- decay * ema + (1 - decay) * w} for every weight, in one session call. */
    public void update(Session session, double decayValue) {
        if (!(decayValue >= 0 && decayValue <= 1)) {
            throw new IllegalArgumentException("EMA decay = " + decayValue + " must be in [0, 1]");
        }
        try (TFloat32 d = TFloat32.scalarOf((float) decayValue)) {
            run(session.runner().feed(decay, d), updates);
        }
    }

    private static void run(Session.Runner runner, List<Op> ops) {
        ops.forEach(runner::addTarget);
        // fetch one assigned value so the run cannot be pruned (docs/tensorflow.md#pruned-runs)
        runner.fetch(((Operand<?>) ops.get(0)));
        try (Result ignored = runner.run()) {
            // the values are in the variables
        }
    }

    /** The source parameters the average follows. */
    public NetworkParameters source() {
        return source;
    }
}
