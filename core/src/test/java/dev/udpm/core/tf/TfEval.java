package dev.udpm.core.tf;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Test helper: builds a small graph, runs it once, and returns the fetched values as Java arrays. */
public final class TfEval {

    private TfEval() {
    }

    /** Evaluates one float32 output of a graph built by {@code build}. */
    public static float[] eval(Function<Ops, Operand<TFloat32>> build) {
        return evalAll(tf -> List.of(build.apply(tf))).get(0);
    }

    /** Evaluates several float32 outputs of one graph, in one session run. */
    public static List<float[]> evalAll(Function<Ops, List<Operand<TFloat32>>> build) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            List<Operand<TFloat32>> outputs = build.apply(tf);
            Session.Runner runner = session.runner();
            outputs.forEach(runner::fetch);
            try (Result result = runner.run()) {
                List<float[]> values = new ArrayList<>();
                for (int i = 0; i < outputs.size(); i++) {
                    values.add(Tensors.toFloats((TFloat32) result.get(i)));
                }
                return values;
            }
        }
    }

    /** A constant {@code [n, h, w, c]} tensor in the graph. */
    public static Operand<TFloat32> nhwc(Ops tf, float[] values, int n, int h, int w, int c) {
        try (TFloat32 t = Tensors.nhwc(values, n, h, w, c)) {
            return tf.constant(t);
        }
    }

    /** {@code count} standard normal floats from a seeded generator. */
    public static float[] gaussian(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            // Box-Muller, one value per pair is enough for tests
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            out[i] = (float) (Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2));
        }
        return out;
    }

    /** The largest absolute element-wise difference; fails on a length mismatch. */
    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("length " + a.length + " != " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}
