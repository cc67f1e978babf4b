package dev.udpm.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.udpm.core.math.Schedule;
import dev.udpm.core.net.ParameterSpec;
import dev.udpm.core.tf.Tensors;
import dev.udpm.core.tf.TfEval;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class DiscriminatorTest {

    private static final DiscriminatorConfig CONFIG = DiscriminatorConfig.tiny(1, 10);
    private static final Schedule SCHEDULE = Schedule.paperDefault();

    @Test
    void oneSetOfFlatNamedWeightsJudgesEveryLevel() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Discriminator d = Discriminator.create(tf, CONFIG, 3);
            long count = Discriminator.parameterSpecs(CONFIG).stream().mapToLong(ParameterSpec::size).sum();
            assertEquals(count, d.parameters().parameterCount());
            for (Variable<TFloat32> v : d.parameters().variables()) {
                assertTrue(v.op().name().startsWith("disc.") && !v.op().name().contains("/"), v.op().name());
            }
            Session.Runner runner = s.runner();
            for (int l = 3; l >= 1; l--) {
                int side = 32 >> l;
                Operand<TFloat32> candidate = tf.zeros(tf.constant(new int[] {2, 2 * side, 2 * side, 1}), TFloat32.class);
                runner.fetch(d.apply(tf, candidate, SCHEDULE.timeCondition(l), tf.constant(new int[] {1, 2})));
            }
            try (Result r = runner.run()) {
                for (int i = 0; i < 3; i++) {
                    assertEquals(Shape.of(2), r.get(i).shape(), "one logit per image at every level");
                }
            }
        }
    }

    @Test
    void theInputLayerTakesOnlyTheCandidateNeverTheLatent() {
        // the method's critic judges the candidate given only the level and the class: one image's channels in
        for (int channels : new int[] {1, 3}) {
            DiscriminatorConfig config = DiscriminatorConfig.tiny(channels, 10);
            ParameterSpec in = Discriminator.parameterSpecs(config).stream().filter(p -> p.name().equals("in.w"))
                    .findFirst().orElseThrow();
            assertArrayEquals(new long[] {3, 3, channels, config.baseWidth()}, in.shape());
        }
    }

    @Test
    void minibatchStdIsTheBatchStdAveragedOverChannels() {
        // two images, 1x1 pixel, two channels: (0, 2) and (4, 2) -> stds 2 and 0 -> mean 1; epsilon 1e-8 inside sqrt
        float[] std = TfEval.eval(tf -> Discriminator.minibatchStd(tf,
                TfEval.nhwc(tf, new float[] {0, 2, 4, 2}, 2, 1, 1, 2), null, 0));
        assertEquals(1, std.length);
        assertEquals((2 + Math.sqrt(1e-8)) / 2, std[0], 1e-6);
        float[] repeated = TfEval.eval(tf -> Discriminator.minibatchStd(tf,
                TfEval.nhwc(tf, new float[] {3, -1, 3, -1, 3, -1}, 3, 1, 1, 2), null, 0));
        assertEquals(1e-4, repeated[0], 1e-6, "identical samples: no spread");
    }

    @Test
    void withLabelsTheSpreadIsTakenWithinClasses() {
        // classes 0, 1, 0, 1 with one channel: class 0 holds 1 and 1 (no spread), class 1 holds 5 and 9
        // (deviations +-2 from its mean 7): variance over the 4 samples (0 + 4 + 0 + 4) / 4 = 2 -> std sqrt(2)
        float[] std = TfEval.eval(tf -> Discriminator.minibatchStd(tf,
                TfEval.nhwc(tf, new float[] {1, 5, 1, 9}, 4, 1, 1, 1), tf.constant(new int[] {0, 1, 0, 1}), 3));
        assertEquals(Math.sqrt(2 + 1e-8), std[0], 1e-5);
        // a collapsed conditional generator: one image per class, different classes -> no within-class spread,
        // while the plain batch spread is large
        float[] collapsed = TfEval.eval(tf -> Discriminator.minibatchStd(tf,
                TfEval.nhwc(tf, new float[] {1, 9, 1, 9}, 4, 1, 1, 1), tf.constant(new int[] {0, 1, 0, 1}), 3));
        assertEquals(1e-4, collapsed[0], 1e-6);
        float[] plain = TfEval.eval(tf -> Discriminator.minibatchStd(tf,
                TfEval.nhwc(tf, new float[] {1, 9, 1, 9}, 4, 1, 1, 1), null, 0));
        assertEquals(4, plain[0], 1e-5);
    }

    @Test
    void withMinibatchStdAnImagesLogitDependsOnTheRestOfItsClassInTheBatch() {
        float[] x = TfEval.gaussian(21, 8 * 8);
        float[] other = TfEval.gaussian(22, 8 * 8);
        // both images of class 3 (logitsOfPair): a copy has no within-class spread, another image has
        float[] withCopy = logitsOfPair(CONFIG, x, x);
        float[] withOther = logitsOfPair(CONFIG, x, other);
        assertTrue(Math.abs(withCopy[0] - withOther[0]) > 1e-4,
                "a batch of two copies must look different from two distinct images: " + withCopy[0] + " vs "
                        + withOther[0]);
        DiscriminatorConfig plain = new DiscriminatorConfig(1, 4, List.of(1, 2, 2), 8, 10, 0.2, false);
        assertEquals(logitsOfPair(plain, x, x)[0], logitsOfPair(plain, x, other)[0], 1e-5,
                "without the feature each image is judged alone");
    }

    @Test
    void theLevelEntersEveryBlock() {
        float[][] logits = new float[3][];
        for (int l = 1; l <= 3; l++) {
            double t = SCHEDULE.timeCondition(l);
            logits[l - 1] = TfEval.eval(tf -> Discriminator.create(tf, CONFIG, 5).apply(tf,
                    TfEval.nhwc(tf, TfEval.gaussian(9, 8 * 8), 1, 8, 8, 1), t, tf.constant(new int[] {3})));
        }
        assertNotEquals(logits[0][0], logits[1][0]);
        assertNotEquals(logits[1][0], logits[2][0]);
    }

    private static float[] logitsOfPair(DiscriminatorConfig config, float[] a, float[] b) {
        float[] both = new float[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return TfEval.eval(tf -> Discriminator.create(tf, config, 5).apply(tf, TfEval.nhwc(tf, both, 2, 8, 8, 1),
                5.0 / 6, tf.constant(new int[] {3, 3})));
    }

    @Test
    void classLabelsEnterThroughTheProjection() {
        float[] logits = TfEval.eval(tf -> {
            Discriminator d = Discriminator.create(tf, CONFIG, 5);
            Operand<TFloat32> x = TfEval.nhwc(tf, TfEval.gaussian(9, 8 * 8), 1, 8, 8, 1);
            Operand<TFloat32> both = tf.concat(List.of(x, x), tf.constant(0));
            return d.apply(tf, both, 5.0 / 6, tf.constant(new int[] {3, 4}));
        });
        assertNotEquals(logits[0], logits[1], "same image, different class: different logits");
    }

    @Test
    void inputGradientMatchesFiniteDifferences() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Discriminator d = Discriminator.create(tf, CONFIG, 7);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 8, 8, 1)));
            Operand<TFloat32> logits = d.apply(tf, x, 5.0 / 6, tf.constant(new int[] {4}));
            Operand<TFloat32> gradient = GraphGradients.ofSum(tf, logits, x);
            s.initialize();
            float[] point = TfEval.gaussian(3, 64);
            float[] analytic = run(s, x, point, gradient);
            double h = 1e-3;
            for (int i = 0; i < 64; i += 7) {
                float[] plus = point.clone();
                float[] minus = point.clone();
                plus[i] += (float) h;
                minus[i] -= (float) h;
                double numeric = (run(s, x, plus, logits)[0] - run(s, x, minus, logits)[0]) / (2 * h);
                assertEquals(numeric, analytic[i], 2e-3 + 0.02 * Math.abs(numeric), "dD/dx at pixel " + i);
            }
        }
    }

    @Test
    void theR1PenaltyCanBeDifferentiatedAgainForTheWeights() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Discriminator d = Discriminator.create(tf, CONFIG, 8);
            Operand<TFloat32> x = TfEval.nhwc(tf, TfEval.gaussian(4, 2 * 64), 2, 8, 8, 1);
            Operand<TInt32> y = tf.constant(new int[] {1, 6});
            Operand<TFloat32> gradient = GraphGradients.ofSum(tf, d.apply(tf, x, 5.0 / 6, y), x);
            Operand<TFloat32> r1 = tf.math.mean(tf.reduceSum(tf.math.square(gradient), tf.constant(new int[] {1, 2, 3})),
                    tf.constant(0));
            Variable<TFloat32> w = d.parameters().get("block0.down.w");
            Operand<TFloat32> dR1dW = GraphGradients.of(tf, r1, List.of(w)).get(0);
            Placeholder<TFloat32> delta = tf.placeholder(TFloat32.class, Placeholder.shape(w.shape()));
            Op bump = tf.assignAdd(w, delta);
            s.initialize();
            float[] analytic;
            try (Result r = s.runner().fetch(dR1dW).run()) {
                analytic = Tensors.toFloats((TFloat32) r.get(0));
            }
            int size = (int) w.shape().size();
            double h = 1e-4;
            double base = bumpAndRead(s, delta, bump, new float[size], w.shape(), r1);
            // R1 of a leaky-ReLU critic is only piecewise smooth in the weights (a unit changing sign changes the
            // slope 1 <-> 0.2 in grad_x D), so compare where the two one-sided differences agree (no kink crossed)
            int checked = 0;
            for (int index : largestFirst(analytic, 12)) {
                float[] step = new float[size];
                step[index] = (float) h;
                double plus = bumpAndRead(s, delta, bump, step, w.shape(), r1);
                step[index] = (float) (-2 * h);
                double minus = bumpAndRead(s, delta, bump, step, w.shape(), r1);
                step[index] = (float) h;
                bumpAndRead(s, delta, bump, step, w.shape(), r1); // back to the original weight
                double forward = (plus - base) / h;
                double backward = (base - minus) / h;
                if (Math.abs(forward - backward) > 0.05 * Math.abs(forward + backward) / 2) {
                    continue;
                }
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, analytic[index], 0.02 * Math.abs(numeric) + 1e-5,
                        "dR1/dw[" + index + "] by double backprop");
                checked++;
            }
            assertTrue(checked >= 3, "at least 3 weights away from kinks were compared, got " + checked);
        }
    }

    private static int[] largestFirst(float[] values, int count) {
        return java.util.stream.IntStream.range(0, values.length).boxed()
                .sorted((a, b) -> Float.compare(Math.abs(values[b]), Math.abs(values[a])))
                .limit(count).mapToInt(Integer::intValue).toArray();
    }

    private static double bumpAndRead(Session s, Placeholder<TFloat32> delta, Op bump, float[] step, Shape shape,
            Operand<TFloat32> r1) {
        try (TFloat32 t = TFloat32.tensorOf(shape, org.tensorflow.ndarray.buffer.DataBuffers.of(step, true, false));
             Result ignored = s.runner().feed(delta, t).addTarget(bump).fetch((Operand<?>) bump).run();
             Result r = s.runner().fetch(r1).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    private static float[] run(Session s, Placeholder<TFloat32> x, float[] value, Operand<TFloat32> out) {
        try (TFloat32 t = Tensors.nhwc(value, 1, 8, 8, 1); Result r = s.runner().feed(x, t).fetch(out).run()) {
            return Tensors.toFloats((TFloat32) r.get(0));
        }
    }
}
