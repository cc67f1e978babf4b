package dev.udpm.core.chain;

import static dev.udpm.core.tf.TfEval.gaussian;
import static dev.udpm.core.tf.TfEval.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.udpm.core.latent.LatentPrior;
import dev.udpm.core.math.Hwc;
import dev.udpm.core.math.Posterior;
import dev.udpm.core.math.PosteriorMode;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.net.UNet;
import dev.udpm.core.net.UNetConfig;
import dev.udpm.core.tf.Tensors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class SamplingGraphTest {

    private static final Schedule SCHEDULE = Schedule.paperDefault();
    private static final int SIZE = 16;
    private static final int C = 2;

    /**
     * The one-call chain equals a step-by-step chain whose network calls run in TensorFlow and whose prior and
     * posterior steps are the pure-Java reference (LatentPrior, Posterior), in both posterior modes.
     */
    @Test
    void oneCallChainEqualsTheStepByStepReferenceChain() {
        for (PosteriorMode mode : PosteriorMode.values()) {
            UNetConfig config = UNetConfig.tiny(C, 5);
            try (Graph g = new Graph(); Session s = new Session(g)) {
                Ops tf = Ops.create(g);
                UNet net = UNet.create(tf, config, 21);
                SamplingGraph chain = SamplingGraph.build(tf, net, SCHEDULE, mode, SIZE);
                Map<Integer, Placeholder<TFloat32>> stepInputs = new HashMap<>();
                Map<Integer, Operand<TFloat32>> stepOutputs = new HashMap<>();
                for (int l = 1; l <= 3; l++) {
                    stepInputs.put(l, tf.placeholder(TFloat32.class));
                    stepOutputs.put(l, net.applyAtLevel(tf, SCHEDULE, l, stepInputs.get(l), chain.classLabels()));
                }
                int[] labels = {3};
                float[][] e = new float[4][];
                for (int l = 1; l <= 3; l++) {
                    int side = SIZE >> l;
                    e[l] = gaussian(100 + l, side * side * C);
                }
                List<float[]> oneCall = runChain(s, chain, e, labels, 1);

                Posterior posterior = new Posterior(SCHEDULE, mode);
                Hwc x = LatentPrior.initialState(SCHEDULE, Hwc.fromFloats(2, 2, C, e[3]));
                for (int l = 3; l >= 1; l--) {
                    assertTrue(maxAbsDiff(x.toFloats(), oneCall.get(l)) < 1e-5, mode + ": x_" + l + " differs");
                    Hwc f = Hwc.fromFloats(2 * x.height(), 2 * x.width(), C,
                            runNetwork(s, stepInputs.get(l), stepOutputs.get(l), chain.classLabels(), x, labels));
                    x = l > 1 ? posterior.sample(l, x, f, Hwc.fromFloats(f.height(), f.width(), C, e[l - 1])) : f;
                }
                float[] expected = x.toFloats();
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = Math.max(-1f, Math.min(1f, expected[i]));
                }
                assertTrue(maxAbsDiff(expected, oneCall.get(0)) < 1e-5, mode + ": image differs from the reference chain");
            }
        }
    }

    @Test
    void signaturesNameEveryLatentTheLabelsTheImageAndThePreviews() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            SamplingGraph chain = SamplingGraph.build(tf, UNet.create(tf, UNetConfig.tiny(1, 0), 1), SCHEDULE,
                    PosteriorMode.EXACT, 32);
            assertEquals("serving_default", chain.signature().key());
            assertEquals(Set.of("latent_1", "latent_2", "latent_3", "class_labels"), chain.signature().inputNames());
            assertEquals(Set.of("image"), chain.signature().outputNames());
            assertEquals(Set.of("image", "x_1", "x_2", "x_3"), chain.previewSignature().outputNames());
            assertEquals(List.of(-1L, 4L, 4L, 1L), chain.inputShapes().get("latent_3"));
            assertEquals(List.of(-1L, 32L, 32L, 1L), chain.outputShapes().get("image"));
            assertArrayEquals(new long[] {-1, 16, 16, 1}, chain.latent(1).shape().asArray());
            assertArrayEquals(new long[] {-1, 32, 32, 1}, chain.image().shape().asArray());
        }
    }

    @Test
    void labelsSteerAConditionalChainAndAreIgnoredByAnUnconditionalOne() {
        float[][] e = latents(7, 1);
        List<float[]> conditional = images(UNetConfig.tiny(C, 5), e, new int[] {0}, new int[] {4});
        assertTrue(maxAbsDiff(conditional.get(0), conditional.get(1)) > 1e-4, "conditional chain ignores its label");
        List<float[]> unconditional = images(UNetConfig.tiny(C, 0), e, new int[] {0}, new int[] {4});
        assertEquals(0.0, maxAbsDiff(unconditional.get(0), unconditional.get(1)));
    }

    @Test
    void imagesAreClampedToMinusOneOne() {
        float[][] e = latents(8, 4);
        for (int l = 1; l <= 3; l++) {
            for (int i = 0; i < e[l].length; i++) {
                e[l][i] *= 50; // drive the network far outside [-1, 1]
            }
        }
        float[] img = images(UNetConfig.tiny(C, 0), e, new int[4]).get(0);
        boolean saturated = false;
        for (float v : img) {
            assertTrue(v >= -1f && v <= 1f, "pixel " + v + " outside [-1, 1]");
            saturated |= Math.abs(v) == 1f;
        }
        assertTrue(saturated, "the test input should saturate some pixels");
    }

    @Test
    void anImageSizeTheNetworkCannotReachIsRejected() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            // three resolutions: the network needs an input side that is a multiple of 4
            UNet net = UNet.create(tf, new UNetConfig(1, 4, List.of(1, 1, 1), 1, 2, false, 8, 0), 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SamplingGraph.build(tf, net, SCHEDULE, PosteriorMode.EXACT, 16));
            assertTrue(e.getMessage().contains("side 2"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SamplingGraph.build(tf, net, SCHEDULE,
                    PosteriorMode.EXACT, 36));
        }
    }

    /** One image batch per label array, all from one graph. */
    private static List<float[]> images(UNetConfig config, float[][] e, int[]... labels) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            SamplingGraph chain = SamplingGraph.build(tf, UNet.create(tf, config, 3), SCHEDULE, PosteriorMode.EXACT, SIZE);
            List<float[]> out = new ArrayList<>();
            for (int[] y : labels) {
                out.add(runChain(s, chain, e, y, y.length).get(0));
            }
            return out;
        }
    }

    private static float[][] latents(long seed, int n) {
        float[][] e = new float[4][];
        for (int l = 1; l <= 3; l++) {
            int side = SIZE >> l;
            e[l] = gaussian(seed * 10 + l, n * side * side * C);
        }
        return e;
    }

    /** Returns [image, x_1, x_2, x_3]. */
    private static List<float[]> runChain(Session s, SamplingGraph chain, float[][] e, int[] labels, int n) {
        List<TFloat32> inputs = new ArrayList<>();
        try (TInt32 y = Tensors.vector(labels)) {
            Session.Runner runner = s.runner().feed(chain.classLabels(), y);
            for (int l = 1; l <= 3; l++) {
                int side = SIZE >> l;
                TFloat32 t = Tensors.nhwc(e[l], n, side, side, C);
                inputs.add(t);
                runner.feed(chain.latent(l), t);
            }
            runner.fetch(chain.image());
            for (int l = 1; l <= 3; l++) {
                runner.fetch(chain.state(l));
            }
            try (Result r = runner.run()) {
                List<float[]> out = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    out.add(Tensors.toFloats((TFloat32) r.get(i)));
                }
                return out;
            }
        } finally {
            inputs.forEach(TFloat32::close);
        }
    }

    private static float[] runNetwork(Session s, Placeholder<TFloat32> in, Operand<TFloat32> out,
            Placeholder<TInt32> labelInput, Hwc x, int[] labels) {
        try (TFloat32 xt = Tensors.nhwc(x.toFloats(), 1, x.height(), x.width(), x.channels());
                TInt32 y = Tensors.vector(labels);
                Result r = s.runner().feed(in, xt).feed(labelInput, y).fetch(out).run()) {
            return Tensors.toFloats((TFloat32) r.get(0));
        }
    }
}
