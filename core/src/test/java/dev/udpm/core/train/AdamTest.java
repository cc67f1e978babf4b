package dev.udpm.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import dev.udpm.core.tf.Tensors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class AdamTest {

    @Test
    void twoStepsFollowTheAdamFormulaWithFedStepSizeAndPowers() {
        double b1 = 0.5;
        double b2 = 0.9;
        double eps = 1e-8;
        double[] w = {1, -2, 3};
        double[] c = {0.5, -4, 0};
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Variable<TFloat32> variable = tf.withName("w").variable(tf.constant(new float[] {1, -2, 3}));
            Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(variable, tf.constant(new float[] {0.5f, -4, 0})),
                    tf.constant(0));
            Adam adam = Adam.create(tf, List.of(variable), b1, b2, eps);
            Placeholder<TFloat32> lr = tf.placeholder(TFloat32.class);
            Placeholder<TFloat32> p1 = tf.placeholder(TFloat32.class);
            Placeholder<TFloat32> p2 = tf.placeholder(TFloat32.class);
            List<Op> updates = adam.apply(tf, GraphGradients.of(tf, loss, List.of(variable)), lr, p1, p2);
            assertEquals(List.of("w.adam_m", "w.adam_v"), adam.slots().stream().map(v -> v.op().name()).toList());
            s.initialize();
            double[] m = new double[3];
            double[] v = new double[3];
            double rate = 0.1;
            for (int t = 1; t <= 2; t++) {
                try (TFloat32 lrT = TFloat32.scalarOf((float) rate); TFloat32 p1T = TFloat32.scalarOf((float) Math.pow(b1, t));
                     TFloat32 p2T = TFloat32.scalarOf((float) Math.pow(b2, t))) {
                    Session.Runner r = s.runner().feed(lr, lrT).feed(p1, p1T).feed(p2, p2T);
                    updates.forEach(r::addTarget);
                    try (Result ignored = r.fetch(loss).run()) {
                        // update applied
                    }
                }
                double step = rate * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
                for (int i = 0; i < 3; i++) {
                    m[i] = b1 * m[i] + (1 - b1) * c[i];
                    v[i] = b2 * v[i] + (1 - b2) * c[i] * c[i];
                    w[i] -= step * m[i] / (Math.sqrt(v[i]) + eps);
                }
                float[] actual;
                try (Result r = s.runner().fetch(variable).run()) {
                    actual = Tensors.toFloats((TFloat32) r.get(0));
                }
                for (int i = 0; i < 3; i++) {
                    assertEquals(w[i], actual[i], 1e-5, "w[" + i + "] after step " + t);
                }
            }
            assertEquals(3.0, w[2], 0.0, "a zero gradient leaves the weight");
        }
    }
}
