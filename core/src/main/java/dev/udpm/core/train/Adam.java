package dev.udpm.core.train;

import java.util.ArrayList;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Adam (Kingma &amp; Ba 2015) over an explicit variable list, built from {@code tf.train.applyAdam} so that the
 * step size and the bias-correction powers are graph inputs (docs/tensorflow.md#explicit-gradients and
 * #fed-learning-rate: the framework optimizer differentiates every variable of the graph and bakes the learning
 * rate in as a constant).
 *
 * <p>Per variable {@code w} two slots {@code w.adam_m} and {@code w.adam_v} (zeros) hold the moment estimates;
 * one update is {@code lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)}, {@code m = beta1 m + (1 - beta1) g},
 * {@code v = beta2 v + (1 - beta2) g^2}, {@code w -= lr_t m / (sqrt(v) + epsilon)}, with {@code beta1^t} and
 * {@code beta2^t} fed by the caller (the step count lives in Java).
 */
final class Adam {

    private final List<Variable<TFloat32>> variables;
    private final List<Variable<TFloat32>> firstMoments;
    private final List<Variable<TFloat32>> secondMoments;
    private final float beta1;
    private final float beta2;
    private final float epsilon;

    private Adam(List<Variable<TFloat32>> variables, List<Variable<TFloat32>> m, List<Variable<TFloat32>> v,
            double beta1, double beta2, double epsilon) {
        this.variables = List.copyOf(variables);
        this.firstMoments = List.copyOf(m);
        this.secondMoments = List.copyOf(v);
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.epsilon = (float) epsilon;
    }

    /** Creates the zero-initialised moment slots of {@code variables} (named after each variable's op). */
    static Adam create(Ops tf, List<Variable<TFloat32>> variables, double beta1, double beta2, double epsilon) {
        List<Variable<TFloat32>> m = new ArrayList<>();
        List<Variable<TFloat32>> v = new ArrayList<>();
        for (Variable<TFloat32> w : variables) {
            String name = w.op().name();
            // zeros of the static shape: an initialiser must not read w (docs/tensorflow.md#initialiser-order)
            Operand<TInt64> shape = tf.constant(w.shape().asArray());
            m.add(tf.withName(name + ".adam_m").variable(tf.fill(shape, tf.constant(0f))));
            v.add(tf.withName(name + ".adam_v").variable(tf.fill(shape, tf.constant(0f))));
        }
        return new Adam(variables, m, v, beta1, beta2, epsilon);
    }

    /**
     * One update op per variable. Every update waits for ALL gradients (TensorFlow 1's GATE_GRAPH): with reference
     * variables an update that ran while another gradient op still read the variable would make the result depend
     * on thread timing.
     *
     * @param gradients one per variable, in the order given to {@link #create}
     */
    List<Op> apply(Ops tf, List<Operand<TFloat32>> gradients, Operand<TFloat32> learningRate,
            Operand<TFloat32> beta1Power, Operand<TFloat32> beta2Power) {
        if (gradients.size() != variables.size()) {
            throw new IllegalArgumentException("adam: " + gradients.size() + " gradients for " + variables.size()
                    + " variables");
        }
        Op allGradients = tf.withControlDependencies(new ArrayList<Op>(gradients)).noOp();
        Ops gated = tf.withControlDependencies(List.of(allGradients));
        Operand<TFloat32> b1 = tf.constant(beta1);
        Operand<TFloat32> b2 = tf.constant(beta2);
        Operand<TFloat32> eps = tf.constant(epsilon);
        List<Op> updates = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            updates.add(gated.train.applyAdam(variables.get(i), firstMoments.get(i), secondMoments.get(i), beta1Power,
                    beta2Power, learningRate, b1, b2, eps, gradients.get(i)));
        }
        return updates;
    }

    /** The slots, m then v for every variable (for tests and checkpoints). */
    List<Variable<TFloat32>> slots() {
        List<Variable<TFloat32>> all = new ArrayList<>(firstMoments);
        all.addAll(secondMoments);
        return all;
    }
}
