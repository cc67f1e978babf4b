package dev.udpm.core.net;

import static dev.udpm.core.tf.TfEval.gaussian;
import static dev.udpm.core.tf.TfEval.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import dev.udpm.core.math.Schedule;
import dev.udpm.core.tf.Tensors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class UNetTest {

    private static final UNetConfig TINY = UNetConfig.tiny(1, 10);

    @Test
    void defaultNetworkHasOneToThreeMillionParametersAndTinyAFewThousand() {
        long conditional = UNet.parameterSpecs(UNetConfig.cpuDefault(1, 10)).stream().mapToLong(ParameterSpec::size).sum();
        long unconditional = UNet.parameterSpecs(UNetConfig.cpuDefault(1, 0)).stream().mapToLong(ParameterSpec::size).sum();
        long tiny = UNet.parameterSpecs(TINY).stream().mapToLong(ParameterSpec::size).sum();
        assertTrue(conditional >= 1_000_000 && conditional <= 3_000_000, "default has " + conditional);
        assertEquals(10 * 128, conditional - unconditional, "class embedding is a 10 x 128 matrix");
        assertTrue(tiny >= 1_000 && tiny <= 10_000, "tiny has " + tiny);
    }

    @Test
    void runsAtEveryChainResolutionWithOneSetOfVariables() {
        UNetConfig config = UNetConfig.cpuDefault(1, 10);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            UNet net = UNet.create(tf, config, 5);
            Schedule schedule = Schedule.paperDefault();
            List<Operand<TFloat32>> outputs = new ArrayList<>();
            for (int l = 3; l >= 1; l--) {
                int side = 32 >> l;
                outputs.add(net.applyAtLevel(tf, schedule, l, tf.zeros(tf.constant(new int[] {2, side, side, 1}),
                        TFloat32.class), tf.constant(new int[] {3, 7})));
            }
            assertEquals(net.parameters().specs().size(), countOps(g, "VariableV2"),
                    "three applications must not create more variables");
            assertEquals(net.parameterCount(), UNet.parameterSpecs(config).stream().mapToLong(ParameterSpec::size).sum());
            Session.Runner runner = s.runner();
            outputs.forEach(runner::fetch);
            try (Result r = runner.run()) {
                assertEquals(Shape.of(2, 8, 8, 1), r.get(0).shape());
                assertEquals(Shape.of(2, 16, 16, 1), r.get(1).shape());
                assertEquals(Shape.of(2, 32, 32, 1), r.get(2).shape());
            }
        }
    }

    @Test
    void initialisationIsDeterministicInTheSeed() {
        NetworkWeights a = initialWeights(TINY, 42);
        NetworkWeights b = initialWeights(TINY, 42);
        NetworkWeights c = initialWeights(TINY, 43);
        String kernel = "down1.res0.conv1.w";
        assertArrayEquals(a.values(kernel), b.values(kernel));
        assertTrue(maxAbsDiff(a.values(kernel), c.values(kernel)) > 0.01, "another seed must give other weights");
        assertArrayEquals(new float[] {1, 1, 1, 1}, a.values("down1.res0.norm1.gamma"));
        assertArrayEquals(new float[4], a.values("down1.res0.conv1.b"));
        // std = 1/sqrt(fan in) = 1/sqrt(3*3*4) for the 3x3x4x4 kernel
        assertEquals(1 / 6.0, std(initialWeights(UNetConfig.tiny(1, 0), 1).values(kernel)), 0.05);
    }

    @Test
    void everyParameterReceivesAGradient() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            UNet net = UNet.create(tf, TINY, 1);
            Operand<TFloat32> x = tf.constant(Shape.of(2, 8, 8, 1),
                    org.tensorflow.ndarray.buffer.DataBuffers.of(gaussian(1, 128)));
            Operand<TFloat32> y = net.apply(tf, x, tf.constant(new float[] {0.2f, 0.7f}), tf.constant(new int[] {1, 2}));
            Operand<TFloat32> loss = tf.math.mean(tf.math.square(y), tf.constant(new int[] {0, 1, 2, 3}));
            List<Variable<TFloat32>> vars = net.parameters().variables();
            Output<?>[] grads = g.addGradients(loss.asOutput(), vars.stream().map(Variable::asOutput).toArray(Output[]::new));
            Session.Runner runner = s.runner();
            for (Output<?> grad : grads) {
                assertNotNull(grad);
                runner.fetch(grad);
            }
            try (Result r = runner.run()) {
                double total = 0;
                for (int i = 0; i < grads.length; i++) {
                    float[] values = Tensors.toFloats((TFloat32) r.get(i));
                    for (float v : values) {
                        assertTrue(Float.isFinite(v), "gradient of " + vars.get(i) + " is not finite");
                        total += Math.abs(v);
                    }
                }
                assertTrue(total > 0, "all gradients are zero");
            }
        }
    }

    @Test
    void eachSampleDependsOnlyOnItsOwnInputTimeAndLabel() {
        float[] x = gaussian(9, 3 * 4 * 4);
        float[] batch = forward(TINY, x, 3, 4, new float[] {0.1f, 0.5f, 0.9f}, new int[] {0, 4, 9});
        float[] single = forward(TINY, java.util.Arrays.copyOfRange(x, 16, 32), 1, 4, new float[] {0.5f}, new int[] {4});
        assertTrue(maxAbsDiff(java.util.Arrays.copyOfRange(batch, 64, 128), single) < 1e-5,
                "sample 1 of the batch differs from the same sample alone");
    }

    @Test
    void classLabelAndTimeChangeTheOutputOfAConditionalNetwork() {
        float[] x = gaussian(3, 16);
        float[] base = forward(TINY, x, 1, 4, new float[] {0.5f}, new int[] {1});
        assertTrue(maxAbsDiff(base, forward(TINY, x, 1, 4, new float[] {0.5f}, new int[] {2})) > 1e-4, "label ignored");
        assertTrue(maxAbsDiff(base, forward(TINY, x, 1, 4, new float[] {0.1f}, new int[] {1})) > 1e-4, "time ignored");
    }

    @Test
    void unconditionalNetworkNeedsNoLabelsAndConditionalOneRefusesToRunWithout() {
        UNetConfig unconditional = UNetConfig.tiny(1, 0);
        assertEquals(64, forward(unconditional, gaussian(3, 16), 1, 4, new float[] {0.5f}, null).length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> forward(TINY, gaussian(3, 16), 1, 4, new float[] {0.5f}, null));
        assertTrue(e.getMessage().contains("class labels"), e.getMessage());
    }

    @Test
    void inputsOfTheWrongSizeOrChannelCountAreRejected() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            UNet net = UNet.create(tf, UNetConfig.cpuDefault(1, 0), 1);
            Operand<TFloat32> t = tf.constant(new float[] {0.5f});
            IllegalArgumentException side = assertThrows(IllegalArgumentException.class, () -> net.apply(tf,
                    tf.zeros(tf.constant(new int[] {1, 6, 6, 1}), TFloat32.class), t, null));
            assertTrue(side.getMessage().contains("side 6"), side.getMessage());
            IllegalArgumentException channels = assertThrows(IllegalArgumentException.class, () -> net.apply(tf,
                    tf.zeros(tf.constant(new int[] {1, 8, 8, 3}), TFloat32.class), t, null));
            assertTrue(channels.getMessage().contains("3 channels"), channels.getMessage());
        }
    }

    @Test
    void weightsReadFromOneGraphReproduceTheNetworkInAnother() {
        float[] x = gaussian(5, 2 * 8 * 8);
        NetworkWeights trained = initialWeights(TINY, 100);
        float[] reference = forward(TINY, 100, null, x, 2, 8, new float[] {0.3f}, new int[] {1, 5});
        float[] loaded = forward(TINY, 7, trained, x, 2, 8, new float[] {0.3f}, new int[] {1, 5});
        float[] fresh = forward(TINY, 7, null, x, 2, 8, new float[] {0.3f}, new int[] {1, 5});
        assertArrayEquals(reference, loaded, 0f);
        assertTrue(maxAbsDiff(reference, fresh) > 1e-4, "seeds 7 and 100 should give different networks");
    }

    @Test
    void loadingRefusesWeightsThatDoNotMatchTheNetwork() {
        NetworkWeights good = initialWeights(TINY, 1);
        NetworkWeights missing = new NetworkWeights();
        NetworkWeights extra = new NetworkWeights();
        NetworkWeights misshaped = new NetworkWeights();
        for (String name : good.names()) {
            if (!name.equals("out.conv.b")) {
                missing.put(name, good.shape(name), good.values(name));
            }
            extra.put(name, good.shape(name), good.values(name));
            misshaped.put(name, name.equals("out.conv.b") ? new long[] {2, 2} : good.shape(name), good.values(name));
        }
        extra.put("surplus.w", new long[] {1}, new float[] {1});
        assertLoadRefused(missing, "lack parameter out.conv.b");
        assertLoadRefused(extra, "surplus.w");
        assertLoadRefused(misshaped, "out.conv.b shape [2, 2]");
    }

    @Test
    void aZerosCopyDrivesTheSameArchitectureUnderItsOwnNames() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            UNet net = UNet.create(tf, TINY, 1);
            NetworkParameters ema = net.parameters().zerosCopy(tf, "ema.");
            UNet emaNet = UNet.withParameters(TINY, ema);
            assertNotNull(g.operation("ema.down1.res0.conv1.w"));
            Operand<TFloat32> y = emaNet.apply(tf, tf.ones(tf.constant(new int[] {1, 4, 4, 1}), TFloat32.class),
                    tf.constant(new float[] {0.5f}), tf.constant(new int[] {0}));
            try (Result r = s.runner().fetch(y).run()) {
                // all weights zero (norm scales too): every layer outputs 0
                assertArrayEquals(new float[64], Tensors.toFloats((TFloat32) r.get(0)), 0f);
            }
            assertEquals(net.parameters().names(), ema.names());
            assertThrows(IllegalArgumentException.class, () -> UNet.withParameters(UNetConfig.tiny(1, 0), ema));
        }
    }

    private static void assertLoadRefused(NetworkWeights weights, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> forward(TINY, 7, weights, new float[16], 1, 4, new float[] {0.5f}, new int[] {0}));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }

    static NetworkWeights initialWeights(UNetConfig config, long seed) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            UNet net = UNet.create(Ops.create(g), config, seed);
            return net.parameters().read(s);
        }
    }

    private static float[] forward(UNetConfig config, float[] x, int n, int side, float[] t, int[] labels) {
        return forward(config, 11, null, x, n, side, t, labels);
    }

    private static float[] forward(UNetConfig config, long seed, NetworkWeights weights, float[] x, int n, int side,
            float[] t, int[] labels) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            UNet net = UNet.create(tf, config, seed);
            WeightLoader loader = net.parameters().weightLoader(tf);
            Placeholder<TFloat32> input = tf.placeholder(TFloat32.class);
            Placeholder<TInt32> labelInput = tf.placeholder(TInt32.class);
            Operand<TFloat32> y = net.apply(tf, input, tf.constant(t), labels == null ? null : labelInput);
            if (weights != null) {
                loader.load(s, weights);
            }
            try (TFloat32 xt = Tensors.nhwc(x, n, side, side, config.imageChannels());
                    TInt32 lt = Tensors.vector(labels == null ? new int[n] : labels);
                    Result r = s.runner().feed(input, xt).feed(labelInput, lt).fetch(y).run()) {
                return Tensors.toFloats((TFloat32) r.get(0));
            }
        }
    }

    private static int countOps(Graph g, String type) {
        int count = 0;
        for (Iterator<GraphOperation> it = g.operations(); it.hasNext();) {
            if (it.next().type().equals(type)) {
                count++;
            }
        }
        return count;
    }

    private static double std(float[] v) {
        double sum = 0;
        double sq = 0;
        for (float f : v) {
            sum += f;
            sq += f * f;
        }
        double mean = sum / v.length;
        return Math.sqrt(sq / v.length - mean * mean);
    }
}
