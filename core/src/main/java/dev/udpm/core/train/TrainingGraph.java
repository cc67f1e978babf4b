package dev.udpm.core.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.udpm.core.chain.SamplingGraph;
import dev.udpm.core.classifier.FeatureNet;
import dev.udpm.core.classifier.FeatureNetCheckpoint;
import dev.udpm.core.classifier.FeatureNetConfig;
import dev.udpm.core.math.PosteriorMode;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.model.LatentBatch;
import dev.udpm.core.net.NetworkWeights;
import dev.udpm.core.net.UNet;
import dev.udpm.core.net.UNetConfig;
import dev.udpm.core.tf.Tensors;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The whole UDPM training graph (docs/method.md#4-network-and-training) in one TensorFlow graph: the shared U-Net (the
 * generator, variables {@code gen.*}), the {@link Discriminator} ({@code disc.*}), the frozen perceptual
 * {@link FeatureNet} ({@code cls.*}, restored from the classifier checkpoint, in no optimizer), Adam slots
 * ({@code <variable>.adam_m/.adam_v}), the generator's EMA ({@code ema.*}) and a sampling chain on the EMA weights
 * ({@code preview.*}).
 *
 * <p>Per level {@code l = 1..L} (drawn uniformly per batch by the caller) the graph holds, sharing all variables:
 * <pre>
 *   x_l   = alphaBar_l H^l x_0 + sigmaBar_l eps                          eps fed, [N, S/2^l, S/2^l, C]   (eq. 9)
 *   y     = H^(l-1) x_0 / 2^(l-1)                                        target, [N, S/2^(l-1), ..., C]
 *   p     = net(x_l, t_l, class) / 2^(l-1)                               prediction, same shape
 *   G step: minimise  w1_l mean|p - y| + wp_l mean_n d(up(p), up(y)) + wa_l mean softplus(-D(p + s n_f, t_l, c))
 *   D step: minimise  mean softplus(-D(y + s n_r, t_l, c)) + mean softplus(D(sg(p) + s n_f, t_l, c))
 *                     + gamma_l / 2 * mean_n ||grad_{y + s n_r} D||^2                (R1, double backprop)
 * </pre>
 * with {@code s} the instance-noise std of the step, {@code n_r, n_f} fed unit noise, {@code sg} stop-gradient and
 * {@code d} the FeatureNet perceptual distance. Terms whose weight is 0 are not built (the coarsest level is trained
 * only adversarially with the paper's weights). The perceptual term compares prediction and target after
 * nearest-neighbour upsampling to the classifier's input size {@code S} ({@code up} copies each pixel of a level-l
 * image into a {@code 2^(l-1)} square, so both stay block-constant and on the [-1, 1] scale).
 *
 * <p>Gradients are taken w.r.t. explicit variable lists (G: the U-Net's variables; D: the discriminator's); updates
 * use {@code tf.train.applyAdam} with fed learning rates and bias-correction powers (warm-up and step count live in
 * {@link TrainingConfig}), and every update of a step waits for all of that step's gradients, so a step's result does
 * not depend on thread timing. A training iteration is {@link #discriminatorStep} then {@link #generatorStep} then
 * {@link #updateEma}: three session calls.
 *
 * <p>Session life cycle: {@link #initialize} (run every initialiser, then set the EMA equal to the generator), then
 * {@link #restorePerceptualNet}; or, to resume, {@code session.restore(prefix)} of a checkpoint written with
 * {@code session.save(prefix)} (it holds every variable above).
 */
public final class TrainingGraph {

    /** Prefix of the generator's variables. */
    public static final String GENERATOR_PREFIX = "gen.";
    /** Prefix of the EMA copy of the generator's variables. */
    public static final String EMA_PREFIX = "ema.";
    /** Prefix of the ops of the EMA sampling chain. */
    public static final String PREVIEW_PREFIX = "preview.";

    private final Schedule schedule;
    private final int imageSize;
    private final int channels;
    private final TrainingConfig config;
    private final UNet generator;
    private final Discriminator discriminator;
    private final FeatureNet perceptualNet;
    private final FeatureNetCheckpoint perceptualCheckpoint;
    private final ExponentialMovingAverage ema;
    private final SamplingGraph preview;
    private final Placeholder<TFloat32> x0;
    private final Placeholder<TInt32> labels;
    private final Placeholder<TFloat32> noiseStd;
    private final Placeholder<TFloat32> generatorLr;
    private final Placeholder<TFloat32> discriminatorLr;
    private final Placeholder<TFloat32> beta1Power;
    private final Placeholder<TFloat32> beta2Power;
    private final Map<Integer, LevelLosses> levels = new LinkedHashMap<>();
    private final Map<Integer, LevelUpdates> updates = new LinkedHashMap<>();

    private TrainingGraph(Ops tf, Schedule schedule, int imageSize, UNetConfig generatorConfig,
            DiscriminatorConfig discriminatorConfig, FeatureNetConfig perceptualConfig, TrainingConfig config) {
        this.schedule = schedule;
        this.imageSize = imageSize;
        this.channels = generatorConfig.imageChannels();
        this.config = config;
        this.generator = UNet.create(tf, generatorConfig, config.seed(), GENERATOR_PREFIX);
        // The EMA copy is created right away, while the graph is small: every tf.zeros of zerosCopy scans all ops of
        // the graph for names (17 of 19 s of building a tiny training graph when created last). Order does not
        // matter for correctness here: gradients are taken w.r.t. explicit variable lists, never "all variables"
        // (docs/tensorflow.md#explicit-gradients), and the EMA is set from the generator once after initialisation
        // (docs/tensorflow.md#initialiser-order).
        this.ema = ExponentialMovingAverage.create(tf, generator.parameters(), EMA_PREFIX);
        this.discriminator = Discriminator.create(tf, discriminatorConfig, config.seed());
        if (perceptualConfig != null) {
            perceptualNet = FeatureNet.create(tf, perceptualConfig, config.seed());
            perceptualCheckpoint = FeatureNetCheckpoint.attach(tf, perceptualNet);
        } else {
            perceptualNet = null;
            perceptualCheckpoint = null;
        }
        x0 = tf.withName("x0").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, imageSize, imageSize, channels)));
        labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        noiseStd = tf.withName("instance_noise_std").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        generatorLr = tf.withName("gen.lr").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        discriminatorLr = tf.withName("disc.lr").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta1Power = tf.withName("adam.beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta2Power = tf.withName("adam.beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

        LevelLosses.Inputs inputs = new LevelLosses.Inputs(x0, generatorConfig.conditional() ? labels : null, noiseStd);
        for (int l = 1; l <= schedule.levels(); l++) {
            levels.put(l, LevelLosses.build(tf, this, inputs, l));
        }
        Adam generatorAdam = Adam.create(tf, generator.parameters().variables(), config.adamBeta1(),
                config.adamBeta2(), config.adamEpsilon());
        Adam discriminatorAdam = Adam.create(tf, discriminator.parameters().variables(), config.adamBeta1(),
                config.adamBeta2(), config.adamEpsilon());
        for (var entry : levels.entrySet()) {
            LevelLosses level = entry.getValue();
            List<Op> g = generatorAdam.apply(tf, level.generatorGradients(), generatorLr, beta1Power, beta2Power);
            List<Op> d = level.discriminatorGradients() == null ? null
                    : discriminatorAdam.apply(tf, level.discriminatorGradients(), discriminatorLr, beta1Power,
                            beta2Power);
            List<Op> dr1 = level.discriminatorR1Gradients() == null ? null
                    : discriminatorAdam.apply(tf, level.discriminatorR1Gradients(), discriminatorLr, beta1Power,
                            beta2Power);
            updates.put(entry.getKey(), new LevelUpdates(g, d, dr1));
        }
        preview = SamplingGraph.build(tf, UNet.withParameters(generatorConfig, ema.average()), schedule,
                PosteriorMode.EXACT, imageSize, PREVIEW_PREFIX);
    }

    /**
     * Builds the graph.
     *
     * @param imageSize side S of the training images, a multiple of {@code 2^L} times the U-Net's minimum input side
     * @param perceptualConfig the classifier architecture for the perceptual term (read it from the classifier folder
     *     with {@code FeatureNetCheckpoint.readConfig}); null if and only if no level has a perceptual weight
     * @throws IllegalArgumentException naming the mismatch if the configurations do not fit together
     */
    public static TrainingGraph build(Ops tf, Schedule schedule, int imageSize, UNetConfig generatorConfig,
            DiscriminatorConfig discriminatorConfig, FeatureNetConfig perceptualConfig, TrainingConfig config) {
        if (config.levels() != schedule.levels()) {
            throw new IllegalArgumentException("training config has per-level weights for " + config.levels()
                    + " levels but the schedule has L = " + schedule.levels());
        }
        schedule.requireDivisible(imageSize);
        int coarsest = schedule.sizeAt(schedule.levels(), imageSize);
        if (coarsest % generatorConfig.minInputSize() != 0) {
            throw new IllegalArgumentException("image size " + imageSize + " gives a coarsest latent of side " + coarsest
                    + ", which the U-Net (min input side " + generatorConfig.minInputSize() + ") cannot take");
        }
        if (discriminatorConfig.imageChannels() != generatorConfig.imageChannels()
                || discriminatorConfig.numClasses() != generatorConfig.numClasses()) {
            throw new IllegalArgumentException("discriminator config (" + discriminatorConfig.imageChannels()
                    + " channels, " + discriminatorConfig.numClasses() + " classes) does not match the U-Net ("
                    + generatorConfig.imageChannels() + " channels, " + generatorConfig.numClasses() + " classes)");
        }
        if (config.usesPerceptualLoss() != (perceptualConfig != null)) {
            throw new IllegalArgumentException(config.usesPerceptualLoss()
                    ? "the training config has perceptual weights " + config.perceptualWeights()
                            + ": give the classifier's FeatureNetConfig (or set the perceptual weights to 0)"
                    : "a FeatureNetConfig was given but every perceptual weight is 0: pass null");
        }
        if (perceptualConfig != null && (perceptualConfig.imageSize() != imageSize
                || perceptualConfig.channels() != generatorConfig.imageChannels())) {
            throw new IllegalArgumentException("the perceptual classifier takes " + perceptualConfig.imageSize() + "x"
                    + perceptualConfig.imageSize() + "x" + perceptualConfig.channels() + " images but training uses "
                    + imageSize + "x" + imageSize + "x" + generatorConfig.imageChannels());
        }
        return new TrainingGraph(tf, schedule, imageSize, generatorConfig, discriminatorConfig, perceptualConfig,
                config);
    }

    // ---- session operations -----------------------------------------------------------------------------

    /** Runs every initialiser of a fresh session, then sets the EMA equal to the generator's initial weights. */
    public void initialize(Session session) {
        session.initialize();
        ema.resetToSource(session);
    }

    /**
     * Loads the trained classifier into the perceptual net (after {@link #initialize}).
     *
     * @throws IllegalStateException if the graph has no perceptual net
     * @throws IllegalArgumentException if the folder holds no checkpoint of the net's architecture
     */
    public void restorePerceptualNet(Session session, Path classifierDir) {
        if (perceptualCheckpoint == null) {
            throw new IllegalStateException("this training graph has no perceptual net (all perceptual weights are 0)");
        }
        perceptualCheckpoint.restore(session, classifierDir);
    }

    /**
     * One discriminator step at {@code inputs.level()}: Adam on the discriminator's variables only, with the step's
     * learning rate, instance-noise std and, when {@link TrainingConfig#appliesR1} says so, the R1 penalty.
     *
     * @param step the 1-based iteration number (warm-up, noise decay and Adam bias correction)
     * @return {@link LossTerm#D_REAL}, {@link LossTerm#D_FAKE}, {@link LossTerm#D_TOTAL} and, with R1,
     *     {@link LossTerm#D_R1}; no values (and no update) at a level whose adversarial weight is 0
     */
    public StepLosses discriminatorStep(Session session, StepInputs inputs, long step) {
        inputs.requireShapes(schedule.levels(), imageSize, channels, true);
        LevelLosses losses = levels.get(inputs.level());
        LevelUpdates ops = updates.get(inputs.level());
        if (ops.discriminator() == null && ops.discriminatorR1() == null) {
            return new StepLosses(inputs.level(), Map.of()); // no adversarial term at this level: nothing to train
        }
        boolean r1 = ops.discriminatorR1() != null && (ops.discriminator() == null || config.appliesR1(step));
        return run(session, inputs, step, discriminatorLr, config.discriminatorLearningRate(step),
                r1 ? losses.discriminatorR1Terms() : losses.discriminatorTerms(),
                r1 ? ops.discriminatorR1() : ops.discriminator(), true);
    }

    /**
     * One generator step at {@code inputs.level()}: Adam on the U-Net's variables only.
     *
     * @return the level's generator terms and {@link LossTerm#G_TOTAL}
     */
    public StepLosses generatorStep(Session session, StepInputs inputs, long step) {
        inputs.requireShapes(schedule.levels(), imageSize, channels, false);
        return run(session, inputs, step, generatorLr, config.generatorLearningRate(step),
                levels.get(inputs.level()).generatorTerms(), updates.get(inputs.level()).generator(), false);
    }

    /** Moves the EMA toward the generator with the decay of {@code step} ({@link TrainingConfig#emaDecay(long)}). */
    public void updateEma(Session session, long step) {
        ema.update(session, config.emaDecay(step));
    }

    /**
     * Samples images with the EMA weights through the preview chain (one session call).
     *
     * @param labels one per image; ignored by an unconditional model (may be null)
     * @return {@code [N, S, S, C]} in [-1, 1]
     */
    public float[] sampleEma(Session session, LatentBatch latents, int[] labels) {
        int n = latents.size();
        int[] y = labels == null ? new int[n] : labels;
        if (y.length != n) {
            throw new IllegalArgumentException(n + " latent sets but " + y.length + " labels");
        }
        List<Tensor> owned = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            for (int l = 1; l <= schedule.levels(); l++) {
                int side = schedule.sizeAt(l, imageSize);
                TFloat32 t = Tensors.nhwc(latents.level(l), n, side, side, channels);
                owned.add(t);
                runner.feed(preview.latent(l), t);
            }
            TInt32 yt = Tensors.vector(y);
            owned.add(yt);
            runner.feed(preview.classLabels(), yt).fetch(preview.image());
            try (Result result = runner.run()) {
                return Tensors.toFloats((TFloat32) result.get(0));
            }
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    /** The EMA weights (what gets exported). */
    public NetworkWeights emaWeights(Session session) {
        return ema.average().read(session);
    }

    // ---- accessors ----------------------------------------------------------------------------------------

    public Schedule schedule() {
        return schedule;
    }

    public int imageSize() {
        return imageSize;
    }

    public int channels() {
        return channels;
    }

    public TrainingConfig config() {
        return config;
    }

    /** The generator (the shared U-Net trained here). */
    public UNet generator() {
        return generator;
    }

    public Discriminator discriminator() {
        return discriminator;
    }

    /** The frozen perceptual net, if any level has a perceptual weight. */
    public Optional<FeatureNet> perceptualNet() {
        return Optional.ofNullable(perceptualNet);
    }

    public ExponentialMovingAverage ema() {
        return ema;
    }

    /** The sampling chain on the EMA weights. */
    public SamplingGraph preview() {
        return preview;
    }

    // ---- internals --------------------------------------------------------------------------------------

    private StepLosses run(Session session, StepInputs in, long step, Placeholder<TFloat32> lrInput, double lr,
            Map<LossTerm, org.tensorflow.Operand<TFloat32>> terms, List<Op> targets, boolean discriminatorStep) {
        int l = in.level();
        int n = in.batchSize();
        int coarse = schedule.sizeAt(l, imageSize);
        int finer = schedule.sizeAt(l - 1, imageSize);
        LevelLosses level = levels.get(l);
        List<Tensor> owned = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            runner.feed(x0, own(owned, Tensors.nhwc(in.x0(), n, imageSize, imageSize, channels)));
            runner.feed(labels, own(owned, Tensors.vector(in.labels())));
            runner.feed(level.eps(), own(owned, Tensors.nhwc(in.eps(), n, coarse, coarse, channels)));
            runner.feed(level.fakeNoise(), own(owned, Tensors.nhwc(in.fakeNoise(), n, finer, finer, channels)));
            if (discriminatorStep) {
                runner.feed(level.realNoise(), own(owned, Tensors.nhwc(in.realNoise(), n, finer, finer, channels)));
            }
            runner.feed(noiseStd, own(owned, TFloat32.scalarOf((float) config.instanceNoiseStd(step))));
            runner.feed(lrInput, own(owned, TFloat32.scalarOf((float) lr)));
            runner.feed(beta1Power, own(owned, TFloat32.scalarOf((float) Math.pow(config.adamBeta1(), step))));
            runner.feed(beta2Power, own(owned, TFloat32.scalarOf((float) Math.pow(config.adamBeta2(), step))));
            targets.forEach(runner::addTarget);
            List<LossTerm> order = new ArrayList<>(terms.keySet());
            order.forEach(t -> runner.fetch(terms.get(t)));
            try (Result result = runner.run()) {
                Map<LossTerm, Double> values = new EnumMap<>(LossTerm.class);
                for (int i = 0; i < order.size(); i++) {
                    values.put(order.get(i), (double) ((TFloat32) result.get(i)).getFloat());
                }
                return new StepLosses(l, values);
            }
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    private static <T extends Tensor> T own(List<Tensor> owned, T tensor) {
        owned.add(tensor);
        return tensor;
    }

    /** The update ops of one level: generator, discriminator without and with R1 (either may be null). */
    private record LevelUpdates(List<Op> generator, List<Op> discriminator, List<Op> discriminatorR1) {
    }
}
