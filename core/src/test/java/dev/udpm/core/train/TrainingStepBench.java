package dev.udpm.core.train;

import java.util.Arrays;
import java.util.Locale;

import dev.udpm.core.classifier.FeatureNetConfig;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.net.UNetConfig;
import dev.udpm.core.tf.TfEval;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Measures one UDPM training iteration (discriminator step, generator step, EMA update) of the CPU-default networks
 * (U-Net 1.64 M parameters, discriminator 0.31 M, perceptual FeatureNet of the Fashion-MNIST classifier) on 32x32x1
 * images, per level, at the given batch sizes, with Grappler on (as {@code TrainingLoop} runs by default). Prints the
 * median milliseconds of each step kind per level and the images/s of an average iteration (levels are drawn
 * uniformly, so the mean of the three levels' times).
 *
 * <p>Run: {@code ./mvnw -o -q -pl core exec:java -Dexec.mainClass=dev.udpm.core.train.TrainingStepBench
 * -Dexec.classpathScope=test [-Dexec.args="32,64 10"]} (batch sizes, timed repeats; 3 warm-up runs each), or with
 * {@code java -cp core/target/classes:core/target/test-classes:<classpath>}. A benchmark, not a test.
 */
public final class TrainingStepBench {

    private TrainingStepBench() {
    }

    public static void main(String[] args) {
        int[] batches = Arrays.stream((args.length > 0 ? args[0] : "32,64").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        for (int batch : batches) {
            run(batch, repeats);
        }
    }

    private static void run(int batch, int repeats) {
        Schedule schedule = Schedule.paperDefault();
        TrainingConfig config = TrainingConfig.paperDefaults().toBuilder().batchSize(batch).build();
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            long t0 = System.nanoTime();
            TrainingGraph training = TrainingGraph.build(Ops.create(graph), schedule, 32, UNetConfig.cpuDefault(1, 10),
                    DiscriminatorConfig.cpuDefault(1, 10), FeatureNetConfig.fashionMnist(), config);
            training.initialize(session);
            System.out.printf(Locale.ROOT, "batch %d: graph built and initialised in %.1f s (U-Net %d, discriminator %d"
                    + " parameters)%n", batch, (System.nanoTime() - t0) / 1e9, training.generator().parameterCount(),
                    training.discriminator().parameters().parameterCount());
            double iteration = 0;
            for (int l = 1; l <= schedule.levels(); l++) {
                StepInputs in = inputs(l, batch);
                double[] d = new double[repeats];
                double[] g = new double[repeats];
                double[] e = new double[repeats];
                for (int k = -3; k < repeats; k++) {
                    long a = System.nanoTime();
                    training.discriminatorStep(session, in, k + 4);
                    long b = System.nanoTime();
                    training.generatorStep(session, in, k + 4);
                    long c = System.nanoTime();
                    training.updateEma(session, k + 4);
                    long f = System.nanoTime();
                    if (k >= 0) {
                        d[k] = (b - a) / 1e6;
                        g[k] = (c - b) / 1e6;
                        e[k] = (f - c) / 1e6;
                    }
                }
                double total = median(d) + median(g) + median(e);
                iteration += total / schedule.levels();
                System.out.printf(Locale.ROOT, "  level %d (net at %2dx%-2d -> %2dx%-2d): D %6.1f ms  G %6.1f ms  EMA %4.1f ms"
                        + "  = %6.1f ms/iteration, %6.1f images/s%n", l, 32 >> l, 32 >> l, 32 >> (l - 1), 32 >> (l - 1),
                        median(d), median(g), median(e), total, batch * 1000 / total);
            }
            System.out.printf(Locale.ROOT, "  average iteration (uniform level): %.1f ms, %.1f images/s, %.0f iterations/h%n",
                    iteration, batch * 1000 / iteration, 3_600_000 / iteration);
        }
    }

    private static StepInputs inputs(int l, int batch) {
        int finer = 32 >> (l - 1);
        int coarse = 32 >> l;
        float[] x0 = TfEval.gaussian(1, batch * 32 * 32);
        for (int i = 0; i < x0.length; i++) {
            x0[i] = (float) Math.tanh(x0[i]);
        }
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % 10;
        }
        return new StepInputs(l, batch, x0, labels, TfEval.gaussian(2, batch * coarse * coarse),
                TfEval.gaussian(3, batch * finer * finer), TfEval.gaussian(4, batch * finer * finer));
    }

    private static double median(double[] values) {
        double[] c = values.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
