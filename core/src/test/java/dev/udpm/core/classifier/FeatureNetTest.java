package dev.udpm.core.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class FeatureNetTest {

    /** 8x8 gray input, two blocks of 4 and 8 filters, 6 features, 3 classes. */
    static final FeatureNetConfig SMALL = new FeatureNetConfig(8, 1, List.of(4, 8), 3, 6, 3);
    private static final int N = 3;

    @Test
    void variablesHaveFlatNamesInAFixedOrderAndTheHandCountedSize() {
        try (Graph g = new Graph()) {
            FeatureNet net = FeatureNet.create(Ops.create(g), SMALL, 1);
            assertEquals(List.of("cls.conv1.w", "cls.conv1.b", "cls.conv2.w", "cls.conv2.b", "cls.fc.w", "cls.fc.b",
                    "cls.logits.w", "cls.logits.b"), net.variableNames());
            for (int i = 0; i < net.variables().size(); i++) {
                assertEquals(net.variableNames().get(i), net.variables().get(i).op().name());
            }
            // conv1 3*3*1*4+4, conv2 3*3*4*8+8, fc (2*2*8)*6+6, logits 6*3+3
            assertEquals(40 + 296 + 198 + 21, net.parameterCount());
        }
    }

    @Test
    void outputsHaveTheDocumentedShapes() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            FeatureNet net = FeatureNet.create(tf, SMALL, 1);
            Placeholder<TFloat32> x = input(tf);
            List<Operand<TFloat32>> fetches = new ArrayList<>(List.of(net.features(tf, x), net.logits(tf, x)));
            fetches.addAll(net.perceptualFeatures(tf, x));
            try (TFloat32 images = randomImages(1); Result r = run(s, x, images, fetches)) {
                assertEquals(Shape.of(N, 6), r.get(0).shape());
                assertEquals(Shape.of(N, 3), r.get(1).shape());
                assertEquals(Shape.of(N, 8, 8, 4), r.get(2).shape());
                assertEquals(Shape.of(N, 4, 4, 8), r.get(3).shape());
            }
        }
    }

    @Test
    void logitsAreTheFeaturesTimesTheLogitWeightsPlusBias() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            FeatureNet net = FeatureNet.create(tf, SMALL, 7);
            Placeholder<TFloat32> x = input(tf);
            List<Operand<TFloat32>> fetches = List.of(net.features(tf, x), net.logits(tf, x),
                    net.variables().get(6), net.variables().get(7));
            try (TFloat32 images = randomImages(2); Result r = run(s, x, images, fetches)) {
                float[] f = floats(r.get(0));
                float[] logits = floats(r.get(1));
                float[] w = floats(r.get(2));
                float[] b = floats(r.get(3));
                for (int n = 0; n < N; n++) {
                    for (int k = 0; k < 3; k++) {
                        double expected = b[k];
                        for (int j = 0; j < 6; j++) {
                            expected += f[n * 6 + j] * w[j * 3 + k];
                        }
                        assertEquals(expected, logits[n * 3 + k], 1e-5, "logit " + k + " of image " + n);
                    }
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameInitialWeightsAndAnotherSeedOthers() {
        float[][] a = initialWeights(42);
        float[][] b = initialWeights(42);
        float[][] c = initialWeights(43);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], "variable " + i + " differs for equal seeds");
        }
        assertFalse(java.util.Arrays.equals(a[0], c[0]), "conv1.w is equal for seeds 42 and 43");
        assertArrayEquals(new float[4], a[1], "conv1.b must start at zero");
        // He normal: std of conv2.w (288 values) close to sqrt(2 / (3*3*4))
        double sumSq = 0;
        for (float v : a[2]) {
            sumSq += v * v;
        }
        double std = Math.sqrt(sumSq / a[2].length);
        assertEquals(Math.sqrt(2.0 / 36), std, 0.15 * Math.sqrt(2.0 / 36), "He-normal std of conv2.w");
    }

    @Test
    void perceptualFeaturesAreUnitVectorsAcrossChannels() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            FeatureNet net = FeatureNet.create(tf, SMALL, 3);
            Placeholder<TFloat32> x = input(tf);
            try (TFloat32 images = randomImages(3); Result r = run(s, x, images, net.perceptualFeatures(tf, x))) {
                for (int level = 0; level < 2; level++) {
                    float[] f = floats(r.get(level));
                    int channels = SMALL.blockChannels().get(level);
                    double meanNorm = 0;
                    for (int p = 0; p < f.length / channels; p++) {
                        double norm = 0;
                        for (int c = 0; c < channels; c++) {
                            norm += f[p * channels + c] * f[p * channels + c];
                        }
                        assertTrue(norm <= 1 + 1e-5, "squared norm " + norm + " > 1 at level " + level);
                        meanNorm += norm / (f.length / channels);
                    }
                    assertEquals(1.0, meanNorm, 1e-3, "mean squared norm at level " + level);
                }
            }
        }
    }

    @Test
    void perceptualDistanceIsZeroOnItselfSymmetricAndTheLevelSumOfPixelMeans() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            FeatureNet net = FeatureNet.create(tf, SMALL, 5);
            Placeholder<TFloat32> x = input(tf);
            Placeholder<TFloat32> y = input(tf);
            List<Operand<TFloat32>> fetches = new ArrayList<>(List.of(net.perceptualDistance(tf, x, y),
                    net.perceptualDistance(tf, y, x), net.perceptualDistance(tf, x, x)));
            fetches.addAll(net.perceptualFeatures(tf, x));
            fetches.addAll(net.perceptualFeatures(tf, y));
            try (TFloat32 a = randomImages(4); TFloat32 b = randomImages(5)) {
                Session.Runner runner = s.runner().feed(x, a).feed(y, b);
                fetches.forEach(runner::fetch);
                try (Result r = runner.run()) {
                    float[] dxy = floats(r.get(0));
                    float[] dyx = floats(r.get(1));
                    float[] dxx = floats(r.get(2));
                    double[] expected = new double[N];
                    for (int level = 0; level < 2; level++) {
                        float[] fx = floats(r.get(3 + level));
                        float[] fy = floats(r.get(5 + level));
                        int perImage = fx.length / N;
                        int pixels = perImage / SMALL.blockChannels().get(level);
                        for (int i = 0; i < fx.length; i++) {
                            expected[i / perImage] += (fx[i] - fy[i]) * (fx[i] - fy[i]) / pixels;
                        }
                    }
                    for (int n = 0; n < N; n++) {
                        assertEquals(0f, dxx[n], 0f, "d(x, x) of image " + n);
                        assertEquals(dxy[n], dyx[n], 1e-6, "d(x, y) != d(y, x) for image " + n);
                        assertEquals(expected[n], dxy[n], 1e-5, "d(x, y) of image " + n);
                        assertTrue(dxy[n] > 0 && dxy[n] <= 4 * 2, "d(x, y) = " + dxy[n] + " outside (0, 8]");
                    }
                }
            }
        }
    }

    @Test
    void perceptualDistanceHasAFiniteNonZeroGradientInItsInput() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            FeatureNet net = FeatureNet.create(tf, SMALL, 6);
            Placeholder<TFloat32> x = input(tf);
            Placeholder<TFloat32> y = input(tf);
            Operand<TFloat32> loss = tf.math.mean(net.perceptualDistance(tf, x, y), tf.constant(0));
            Operand<?> grad = tf.gradients(loss, List.of(x)).dy(0);
            try (TFloat32 a = randomImages(8); TFloat32 b = randomImages(9);
                 Result r = s.runner().feed(x, a).feed(y, b).fetch(grad).run()) {
                float[] dx = floats((TFloat32) r.get(0));
                double norm = 0;
                for (float v : dx) {
                    assertTrue(Float.isFinite(v), "non-finite gradient");
                    norm += v * v;
                }
                assertTrue(norm > 0, "the perceptual distance has a zero gradient");
            }
        }
    }

    @Test
    void aSecondNetInTheSameGraphIsRejected() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            FeatureNet.create(tf, SMALL, 1);
            var e = assertThrows(IllegalArgumentException.class, () -> FeatureNet.create(tf, SMALL, 2));
            assertTrue(e.getMessage().contains("cls.conv1.w"), e.getMessage());
        }
    }

    @Test
    void anInputOfTheWrongSizeIsRejected() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            FeatureNet net = FeatureNet.create(tf, SMALL, 1);
            Placeholder<TFloat32> wrong = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 16, 16, 1)));
            var e = assertThrows(IllegalArgumentException.class, () -> net.features(tf, wrong));
            assertTrue(e.getMessage().contains("[N, 8, 8, 1]"), e.getMessage());
        }
    }

    private static float[][] initialWeights(long seed) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            FeatureNet net = FeatureNet.create(Ops.create(g), SMALL, seed);
            Session.Runner runner = s.runner();
            net.variables().forEach(runner::fetch);
            try (Result r = runner.run()) {
                float[][] out = new float[r.size()][];
                for (int i = 0; i < r.size(); i++) {
                    out[i] = floats((TFloat32) r.get(i));
                }
                return out;
            }
        }
    }

    static Placeholder<TFloat32> input(Ops tf) {
        return tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 1)));
    }

    static TFloat32 randomImages(long seed) {
        Random random = new Random(seed);
        float[] values = new float[N * 64];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return TFloat32.tensorOf(Shape.of(N, 8, 8, 1), DataBuffers.of(values, true, false));
    }

    static Result run(Session s, Placeholder<TFloat32> x, TFloat32 images, List<Operand<TFloat32>> fetches) {
        Session.Runner runner = s.runner().feed(x, images);
        fetches.forEach(runner::fetch);
        return runner.run();
    }

    static float[] floats(Tensor t) {
        TFloat32 f = (TFloat32) t;
        float[] out = new float[(int) f.size()];
        f.copyTo(DataBuffers.of(out, false, false));
        return out;
    }
}
