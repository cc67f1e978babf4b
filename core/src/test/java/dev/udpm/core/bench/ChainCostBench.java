package dev.udpm.core.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.udpm.core.chain.SamplingGraph;
import dev.udpm.core.math.PosteriorMode;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.net.UNet;
import dev.udpm.core.net.UNetConfig;
import dev.udpm.core.tf.Tensors;
import dev.udpm.core.tf.TfEval;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Measures what a UDPM chain costs against ONE full-resolution network evaluation (the unit cost of an ordinary
 * diffusion sampler step), with the CPU-default network on 32x32 single-channel images, in one graph and session
 * (same variables). Prints the parameter count, the median time of one 32x32 evaluation at batch N, the median time
 * of the whole L = 3 chain (networks at 4x4, 8x8, 16x16) at batch N, their ratio, and the network alone at each
 * chain resolution. FLOP count predicts
 * 1/4 + 1/16 + 1/64 = 0.33 (docs/method.md#cost); per-op overhead at small resolutions pushes the measured ratio up.
 *
 * <p>Run: {@code ./mvnw -o -q -pl core exec:java -Dexec.mainClass=dev.udpm.core.bench.ChainCostBench
 * -Dexec.classpathScope=test [-Dexec.args="batch warmup repeats"]} (defaults 32, 5, 15). A benchmark, not a test.
 */
public final class ChainCostBench {

    private ChainCostBench() {
    }

    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int size = 32;
        UNetConfig config = UNetConfig.cpuDefault(1, 10);
        Schedule schedule = Schedule.paperDefault();
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            UNet net = UNet.create(tf, config, 1);
            Placeholder<TFloat32> fullInput = tf.placeholder(TFloat32.class);
            Operand<TFloat32> full = net.apply(tf, fullInput, tf.constant(new float[] {0.5f}),
                    tf.constant(new int[batch]));
            SamplingGraph chain = SamplingGraph.build(tf, net, schedule, PosteriorMode.EXACT, size);
            List<Placeholder<TFloat32>> levelInputs = new ArrayList<>();
            List<Operand<TFloat32>> levelOutputs = new ArrayList<>();
            for (int l = 1; l <= schedule.levels(); l++) {
                Placeholder<TFloat32> in = tf.placeholder(TFloat32.class);
                levelInputs.add(in);
                levelOutputs.add(net.applyAtLevel(tf, schedule, l, in, tf.constant(new int[batch])));
            }

            List<TFloat32> owned = new ArrayList<>();
            try (TFloat32 full32 = Tensors.nhwc(TfEval.gaussian(1, batch * size * size), batch, size, size, 1);
                    TInt32 labels = Tensors.vector(new int[batch])) {
                Session.Runner chainRunner = s.runner().feed(chain.classLabels(), labels);
                for (int l = 1; l <= schedule.levels(); l++) {
                    int side = size >> l;
                    TFloat32 e = Tensors.nhwc(TfEval.gaussian(10 + l, batch * side * side), batch, side, side, 1);
                    owned.add(e);
                    chainRunner.feed(chain.latent(l), e);
                }
                chainRunner.fetch(chain.image());
                Session.Runner fullRunner = s.runner().feed(fullInput, full32).fetch(full);

                double fullMs = medianMs(fullRunner, warmup, repeats);
                double chainMs = medianMs(chainRunner, warmup, repeats);
                double[] levelMs = new double[schedule.levels() + 1];
                for (int l = 1; l <= schedule.levels(); l++) {
                    int side = size >> l;
                    TFloat32 x = Tensors.nhwc(new float[batch * side * side], batch, side, side, 1);
                    owned.add(x);
                    levelMs[l] = medianMs(s.runner().feed(levelInputs.get(l - 1), x).fetch(levelOutputs.get(l - 1)),
                            warmup, repeats);
                }
                System.out.printf("network: %s%n", config);
                System.out.printf("parameters: %,d%n", net.parameterCount());
                System.out.printf("batch %d, %d warm-up + %d timed runs each, medians:%n", batch, warmup, repeats);
                System.out.printf("  one full-resolution (32x32) network evaluation: %.1f ms%n", fullMs);
                System.out.printf("  whole chain (L = %d: 4x4, 8x8, 16x16, one session call): %.1f ms%n",
                        schedule.levels(), chainMs);
                System.out.printf("  ratio chain / full-resolution evaluation: %.3f (FLOP estimate 0.328)%n",
                        chainMs / fullMs);
                for (int l = schedule.levels(); l >= 1; l--) {
                    int side = size >> l;
                    System.out.printf("  network alone at %dx%d (step l = %d): %.1f ms (%.3f of full resolution)%n",
                            side, side, l, levelMs[l], levelMs[l] / fullMs);
                }
            } finally {
                owned.forEach(TFloat32::close);
            }
        }
    }

    /** Runs {@code runner} warm-up + repeats times (a Runner can be run again) and returns the median time. */
    private static double medianMs(Session.Runner runner, int warmup, int repeats) {
        for (int i = 0; i < warmup; i++) {
            try (Result ignored = runner.run()) {
                // warm-up: graph optimisation and allocator pools
            }
        }
        double[] times = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            try (Result ignored = runner.run()) {
                times[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(times);
        return times[repeats / 2];
    }
}
