package dev.udpm.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import dev.udpm.core.classifier.FeatureNetConfig;
import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.latent.LatentShapes;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.model.LatentBatch;
import dev.udpm.core.train.DiscriminatorConfig;
import dev.udpm.core.train.StepInputs;
import dev.udpm.core.train.TrainingConfig;
import dev.udpm.core.train.TrainingGraph;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Training throughput: images/s of UDPM training iterations (discriminator step, generator step, EMA update; paper
 * defaults: L1 + perceptual + adversarial losses, R1 penalty) of the bench network against images/s of sampling the
 * EMA generator in the SAME graph and session, at the same batch. One timed task is one iteration at each level
 * l = 1, 2, 3 (levels are drawn uniformly in training, so this is the average iteration), {@code 3 * batch} images.
 * The perceptual network has random weights: the cost is the same as with the trained classifier.
 */
public final class TrainingBench {

    private TrainingBench() {
    }

    /** The training-throughput figure. */
    public static Figure run(BenchOptions o) {
        int b = o.batch();
        Schedule schedule = Schedule.paperDefault();
        DiscriminatorConfig disc = o.smoke() ? DiscriminatorConfig.tiny(1, 10) : DiscriminatorConfig.cpuDefault(1, 10);
        TrainingConfig config = TrainingConfig.paperDefaults().toBuilder().batchSize(b).build();
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            TrainingGraph training = TrainingGraph.build(Ops.create(graph), schedule, 32, o.network(), disc,
                    FeatureNetConfig.fashionMnist(), config);
            training.initialize(session);
            StepInputs[] inputs = new StepInputs[schedule.levels() + 1];
            for (int l = 1; l <= schedule.levels(); l++) {
                inputs[l] = inputs(l, b);
            }
            long[] step = {1};
            LatentBatch latents = LatentBatch.of(new LatentGenerator(LatentShapes.of(schedule, 32, 1))
                    .generate(7, 0, b));
            int[] labels = new int[b];
            Map<String, Rounds.Task> tasks = new LinkedHashMap<>();
            tasks.put("train", () -> {
                for (int l = 1; l <= schedule.levels(); l++) {
                    training.discriminatorStep(session, inputs[l], step[0]);
                    training.generatorStep(session, inputs[l], step[0]);
                    training.updateEma(session, step[0]);
                    step[0]++;
                }
            });
            tasks.put("sample", () -> training.sampleEma(session, latents, labels));
            Rounds r = Rounds.run(tasks, o.warmup(), o.rounds());
            double trainRate = schedule.levels() * b / r.medianMs("train") * 1e3;
            double sampleRate = b / r.medianMs("sample") * 1e3;
            return Figure.of("T", "training images/s (D + G + EMA step, average level) / sampling images/s, same"
                    + " session", trainRate / sampleRate, "-", null, String.format(
                            "%.1f / %.1f images/s at batch %d (%.0f ms per 3-level iteration set; %.0f training"
                                    + " images/h)", trainRate, sampleRate, b, r.medianMs("train"), trainRate * 3600));
        }
    }

    private static StepInputs inputs(int l, int batch) {
        Random random = new Random(l);
        int finer = 32 >> (l - 1);
        int coarse = 32 >> l;
        float[] x0 = new float[batch * 32 * 32];
        for (int i = 0; i < x0.length; i++) {
            x0[i] = (float) Math.tanh(random.nextGaussian());
        }
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % 10;
        }
        return new StepInputs(l, batch, x0, labels, gaussian(random, batch * coarse * coarse),
                gaussian(random, batch * finer * finer), gaussian(random, batch * finer * finer));
    }

    private static float[] gaussian(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
