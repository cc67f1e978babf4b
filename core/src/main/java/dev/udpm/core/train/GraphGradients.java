package dev.udpm.core.train;

import java.util.ArrayList;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Symbolic gradients of a scalar loss w.r.t. explicit variables (docs/tensorflow.md#explicit-gradients). */
final class GraphGradients {

    private GraphGradients() {
    }

    /**
     * {@code d loss / d w} for every {@code w} of {@code variables}, in order. A variable the loss does not depend
     * on (TensorFlow returns no gradient: e.g. a bias seen by the R1 penalty only through the piecewise-constant
     * derivative of a leaky ReLU) gets zeros.
     */
    static List<Operand<TFloat32>> of(Ops tf, Operand<TFloat32> loss, List<Variable<TFloat32>> variables) {
        Gradients gradients = tf.gradients(loss, variables);
        List<Operand<TFloat32>> out = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            Output<TFloat32> g = gradients.<TFloat32>dy(i);
            out.add(g.isClosed() ? tf.zerosLike(variables.get(i)) : g);
        }
        return out;
    }

    /**
     * {@code d sum(y) / d x} for a tensor {@code y} that depends on {@code x}. The seed gradient is an explicit
     * {@code Fill} of ones: the default seed ({@code OnesLike}) has no gradient of its own, so a graph that later
     * differentiates this gradient again (the R1 penalty) would fail to build.
     */
    static Operand<TFloat32> ofSum(Ops tf, Operand<TFloat32> y, Operand<TFloat32> x) {
        Operand<TFloat32> ones = tf.fill(tf.shape(y), tf.constant(1f));
        Gradients gradients = tf.gradients(List.of(y), List.of(x), Gradients.dx(List.of(ones)));
        Output<TFloat32> g = gradients.<TFloat32>dy(0);
        if (g.isClosed()) {
            throw new IllegalStateException("the discriminator output does not depend on its candidate input");
        }
        return g;
    }
}
