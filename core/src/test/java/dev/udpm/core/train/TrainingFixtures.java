package dev.udpm.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.udpm.core.classifier.FeatureNetConfig;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.net.UNetConfig;
import dev.udpm.core.tf.Tensors;
import dev.udpm.core.tf.TfEval;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;

/** Tiny training set-ups shared by the training tests: 32x32x1 images, 10 classes, L = 3. */
final class TrainingFixtures {

    static final int SIZE = 32;
    static final int BATCH = 4;
    static final Schedule SCHEDULE = Schedule.paperDefault();
    static final UNetConfig GENERATOR = UNetConfig.tiny(1, 10);
    static final DiscriminatorConfig DISCRIMINATOR = DiscriminatorConfig.tiny(1, 10);
    static final FeatureNetConfig PERCEPTUAL = new FeatureNetConfig(SIZE, 1, List.of(4, 4, 4), 3, 8, 10);

    private TrainingFixtures() {
    }

    /**
     * A session without Grappler's graph rewriting: the first run of every new fetch set of a training graph costs
     * 2-5 s of optimisation on this machine, which dominates tests that run each step only a few times.
     */
    static Session session(Graph graph) {
        return new Session(graph, ConfigProto.newBuilder().setGraphOptions(GraphOptions.newBuilder()
                .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true))).build());
    }

    /** The paper's loss weights with a small batch and a fixed seed. */
    static TrainingConfig paperConfig() {
        return TrainingConfig.paperDefaults().toBuilder().batchSize(BATCH).seed(11).warmupSteps(0).build();
    }

    static TrainingGraph build(Graph graph, TrainingConfig config) {
        return TrainingGraph.build(Ops.create(graph), SCHEDULE, SIZE, GENERATOR, DISCRIMINATOR,
                config.usesPerceptualLoss() ? PERCEPTUAL : null, config);
    }

    /** Step inputs at level l from a seeded generator: images in [-1, 1], labels 0..9, unit normal noise. */
    static StepInputs inputs(int level, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int finer = SIZE >> (level - 1);
        int coarse = SIZE >> level;
        float[] x0 = new float[BATCH * SIZE * SIZE];
        for (int i = 0; i < x0.length; i++) {
            x0[i] = (float) Math.tanh(2 * random.nextGaussian());
        }
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = random.nextInt(10);
        }
        return new StepInputs(level, BATCH, x0, labels, TfEval.gaussian(random.nextLong(), BATCH * coarse * coarse),
                TfEval.gaussian(random.nextLong(), BATCH * finer * finer),
                TfEval.gaussian(random.nextLong(), BATCH * finer * finer));
    }

    /** The current values of {@code variables}, in order, in one session call. */
    static List<float[]> read(Session session, List<Variable<TFloat32>> variables) {
        Session.Runner runner = session.runner();
        variables.forEach(runner::fetch);
        List<float[]> out = new ArrayList<>();
        try (Result result = runner.run()) {
            for (int i = 0; i < variables.size(); i++) {
                out.add(Tensors.toFloats((TFloat32) result.get(i)));
            }
        }
        return out;
    }

    /** The largest absolute difference over two equally shaped lists of arrays. */
    static double maxDiff(List<float[]> a, List<float[]> b) {
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            max = Math.max(max, TfEval.maxAbsDiff(a.get(i), b.get(i)));
        }
        return max;
    }
}
