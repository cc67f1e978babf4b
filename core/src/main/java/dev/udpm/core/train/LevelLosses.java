package dev.udpm.core.train;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.udpm.core.classifier.FeatureNet;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.tf.DegradationOps;
import dev.udpm.core.tf.ForwardProcessOps;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The losses and gradients of one level {@code l} of the {@link TrainingGraph} (see there for the formulas): its
 * own noise inputs, the generator terms with their gradients w.r.t. the U-Net's variables, and the discriminator
 * terms (without and/or with the R1 penalty) with their gradients w.r.t. the discriminator's variables.
 */
final class LevelLosses {

    /** The graph inputs every level shares. */
    record Inputs(Placeholder<TFloat32> x0, Operand<TInt32> labels, Placeholder<TFloat32> noiseStd) {
    }

    private final Placeholder<TFloat32> eps;
    private final Placeholder<TFloat32> realNoise;
    private final Placeholder<TFloat32> fakeNoise;
    private Map<LossTerm, Operand<TFloat32>> generatorTerms;
    private Map<LossTerm, Operand<TFloat32>> discriminatorTerms;
    private Map<LossTerm, Operand<TFloat32>> discriminatorR1Terms;
    private List<Operand<TFloat32>> generatorGradients;
    private List<Operand<TFloat32>> discriminatorGradients;
    private List<Operand<TFloat32>> discriminatorR1Gradients;

    private LevelLosses(Placeholder<TFloat32> eps, Placeholder<TFloat32> realNoise, Placeholder<TFloat32> fakeNoise) {
        this.eps = eps;
        this.realNoise = realNoise;
        this.fakeNoise = fakeNoise;
    }

    static LevelLosses build(Ops tf, TrainingGraph graph, Inputs in, int l) {
        Schedule schedule = graph.schedule();
        TrainingConfig config = graph.config();
        int c = graph.channels();
        int coarse = schedule.sizeAt(l, graph.imageSize());
        int finer = schedule.sizeAt(l - 1, graph.imageSize());
        String name = "level" + l + ".";
        LevelLosses out = new LevelLosses(
                tf.withName(name + "eps").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, coarse, coarse, c))),
                tf.withName(name + "real_noise").placeholder(TFloat32.class,
                        Placeholder.shape(Shape.of(-1, finer, finer, c))),
                tf.withName(name + "fake_noise").placeholder(TFloat32.class,
                        Placeholder.shape(Shape.of(-1, finer, finer, c))));

        Operand<TFloat32> scale = tf.constant(1f / (1 << (l - 1)));
        Operand<TFloat32> xl = ForwardProcessOps.marginalSample(tf, schedule, in.x0(), l, out.eps);
        Operand<TFloat32> target = tf.math.mul(DegradationOps.applyHPower(tf, in.x0(), l - 1), scale);
        Operand<TFloat32> prediction = tf.math.mul(graph.generator().applyAtLevel(tf, schedule, l, xl, in.labels()),
                scale);
        Discriminator d = graph.discriminator();
        double t = schedule.timeCondition(l);
        Operand<TInt32> y = d.config().conditional() ? in.labels() : null;
        Operand<TFloat32> fakeNoise = tf.math.mul(out.fakeNoise, in.noiseStd());

        // generator
        Map<LossTerm, Operand<TFloat32>> g = new EnumMap<>(LossTerm.class);
        Operand<TFloat32> gTotal = null;
        if (config.l1Weight(l) > 0) {
            g.put(LossTerm.G_L1, mean(tf, tf.math.abs(tf.math.sub(prediction, target))));
            gTotal = weighted(tf, gTotal, config.l1Weight(l), g.get(LossTerm.G_L1));
        }
        if (config.perceptualWeight(l) > 0) {
            FeatureNet net = graph.perceptualNet().orElseThrow();
            Operand<TFloat32> distance = net.perceptualDistance(tf, upsample(tf, prediction, graph.imageSize(), l),
                    upsample(tf, target, graph.imageSize(), l));
            g.put(LossTerm.G_PERCEPTUAL, mean(tf, distance));
            gTotal = weighted(tf, gTotal, config.perceptualWeight(l), g.get(LossTerm.G_PERCEPTUAL));
        }
        if (config.adversarialWeight(l) > 0) {
            Operand<TFloat32> logits = d.apply(tf, tf.math.add(prediction, fakeNoise), t, y);
            g.put(LossTerm.G_ADVERSARIAL, mean(tf, tf.math.softplus(tf.math.neg(logits))));
            gTotal = weighted(tf, gTotal, config.adversarialWeight(l), g.get(LossTerm.G_ADVERSARIAL));
        }
        if (config.diversityWeight(l) > 0) {
            g.put(LossTerm.G_DIVERSITY, diversity(tf, graph, in, l, out.eps, prediction, scale));
            gTotal = weighted(tf, gTotal, -config.diversityWeight(l), g.get(LossTerm.G_DIVERSITY));
        }
        g.put(LossTerm.G_TOTAL, gTotal);
        out.generatorTerms = Collections.unmodifiableMap(g);
        out.generatorGradients = GraphGradients.of(tf, gTotal, graph.generator().parameters().variables());

        // discriminator (only where the generator has an adversarial term)
        if (config.adversarialWeight(l) > 0) {
            Operand<TFloat32> realIn = tf.math.add(target, tf.math.mul(out.realNoise, in.noiseStd()));
            Operand<TFloat32> fakeIn = tf.math.add(tf.stopGradient(prediction), fakeNoise);
            Operand<TFloat32> realLogits = d.apply(tf, realIn, t, y);
            Operand<TFloat32> fakeLogits = d.apply(tf, fakeIn, t, y);
            Map<LossTerm, Operand<TFloat32>> dTerms = new EnumMap<>(LossTerm.class);
            dTerms.put(LossTerm.D_REAL, mean(tf, tf.math.softplus(tf.math.neg(realLogits))));
            dTerms.put(LossTerm.D_FAKE, mean(tf, tf.math.softplus(fakeLogits)));
            Operand<TFloat32> dTotal = tf.math.add(dTerms.get(LossTerm.D_REAL), dTerms.get(LossTerm.D_FAKE));
            var dVariables = d.parameters().variables();
            double gamma = config.r1Gamma(l);
            if (gamma == 0 || config.r1Interval() > 1) {
                Map<LossTerm, Operand<TFloat32>> plain = new EnumMap<>(dTerms);
                plain.put(LossTerm.D_TOTAL, dTotal);
                out.discriminatorTerms = Collections.unmodifiableMap(plain);
                out.discriminatorGradients = GraphGradients.of(tf, dTotal, dVariables);
            }
            if (gamma > 0) {
                Operand<TFloat32> gradient = GraphGradients.ofSum(tf, realLogits, realIn);
                Operand<TFloat32> r1 = tf.math.mean(tf.reduceSum(tf.math.square(gradient),
                        tf.constant(new int[] {1, 2, 3})), tf.constant(0));
                Map<LossTerm, Operand<TFloat32>> withR1 = new EnumMap<>(dTerms);
                withR1.put(LossTerm.D_R1, r1);
                Operand<TFloat32> total = weighted(tf, dTotal, gamma / 2 * config.r1Interval(), r1);
                withR1.put(LossTerm.D_TOTAL, total);
                out.discriminatorR1Terms = Collections.unmodifiableMap(withR1);
                out.discriminatorR1Gradients = GraphGradients.of(tf, total, dVariables);
            }
        }
        return out;
    }

    /**
     * The diversity ratio {@code mean_n min(mean|pool2(p(eps) - p(-eps))| / mean|eps - (-eps)|, cap)}: the prediction
     * from the antithetic forward draw {@code x_l' = alphaBar_l H^l x_0 - sigmaBar_l eps} (same images and classes,
     * the other noise) against the step's prediction, per sample, compared after 2x2 mean pooling (at the resolution
     * of {@code x_l}), over the distance of the two unit noises.
     */
    private static Operand<TFloat32> diversity(Ops tf, TrainingGraph graph, Inputs in, int l,
            Placeholder<TFloat32> eps, Operand<TFloat32> prediction, Operand<TFloat32> scale) {
        Operand<TFloat32> antithetic = tf.math.neg(eps);
        Operand<TFloat32> other = tf.math.mul(graph.generator().applyAtLevel(tf, graph.schedule(), l,
                ForwardProcessOps.marginalSample(tf, graph.schedule(), in.x0(), l, antithetic), in.labels()), scale);
        Operand<TInt32> perSample = tf.constant(new int[] {1, 2, 3});
        // compared at the latent's own resolution (2x2 means): the layout must move with the noise, not only the
        // detail inside each 2x2 block, which instance noise hides from the critic
        List<Long> pool = List.of(1L, 2L, 2L, 1L);
        Operand<TFloat32> difference = tf.nn.avgPool(tf.math.sub(prediction, other), pool, pool, "VALID");
        Operand<TFloat32> outputDistance = tf.math.mean(tf.math.abs(difference), perSample);
        Operand<TFloat32> noiseDistance = tf.math.mean(tf.math.abs(tf.math.sub(eps, antithetic)), perSample);
        Operand<TFloat32> ratio = tf.math.div(outputDistance, tf.math.maximum(noiseDistance, tf.constant(1e-6f)));
        return tf.math.mean(tf.math.minimum(ratio, tf.constant((float) graph.config().diversityCap())),
                tf.constant(0));
    }

    /** Nearest-neighbour upsampling of a level-l candidate {@code [N, S/2^(l-1), ..., C]} to {@code [N, S, S, C]}. */
    private static Operand<TFloat32> upsample(Ops tf, Operand<TFloat32> x, int imageSize, int l) {
        if (l == 1) {
            return x;
        }
        return tf.image.resizeNearestNeighbor(x, tf.constant(new int[] {imageSize, imageSize}));
    }

    private static Operand<TFloat32> mean(Ops tf, Operand<TFloat32> x) {
        int rank = x.shape().numDimensions();
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = i;
        }
        return tf.math.mean(x, tf.constant(axes));
    }

    /** {@code sum + w * term} ({@code w * term} when {@code sum} is null). */
    private static Operand<TFloat32> weighted(Ops tf, Operand<TFloat32> sum, double w, Operand<TFloat32> term) {
        Operand<TFloat32> scaled = tf.math.mul(term, tf.constant((float) w));
        return sum == null ? scaled : tf.math.add(sum, scaled);
    }

    Placeholder<TFloat32> eps() {
        return eps;
    }

    Placeholder<TFloat32> realNoise() {
        return realNoise;
    }

    Placeholder<TFloat32> fakeNoise() {
        return fakeNoise;
    }

    Map<LossTerm, Operand<TFloat32>> generatorTerms() {
        return generatorTerms;
    }

    Map<LossTerm, Operand<TFloat32>> discriminatorTerms() {
        return discriminatorTerms;
    }

    Map<LossTerm, Operand<TFloat32>> discriminatorR1Terms() {
        return discriminatorR1Terms;
    }

    List<Operand<TFloat32>> generatorGradients() {
        return generatorGradients;
    }

    List<Operand<TFloat32>> discriminatorGradients() {
        return discriminatorGradients;
    }

    List<Operand<TFloat32>> discriminatorR1Gradients() {
        return discriminatorR1Gradients;
    }
}
