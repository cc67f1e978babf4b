package dev.udpm.trainer.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.udpm.core.net.UNetConfig;
import dev.udpm.core.train.DiscriminatorConfig;
import dev.udpm.core.train.TrainingConfig;
import dev.udpm.schemas.Limits;
import dev.udpm.schemas.SafeName;
import dev.udpm.trainer.data.ImageDataset;

/**
 * The body of {@code POST /v1/runs}, the content of {@code runs/{runId}/run.json}, and what {@code TrainCommand}'s
 * options fill: one request type for every way a run is started. Every field but {@code dataset} may be omitted;
 * {@link #withDefaults} fills the gaps from {@link #DEFAULTS} (the one place a run's defaults are written: the REST
 * API's omitted fields, the command line's absent options and its {@code --help}), {@link #violations} checks the
 * result.
 *
 * @param runId the run's id (a safe name of at most 64 characters); generated when absent
 * @param dataset {@code fashion-mnist} (the configured folder) or {@code folder} (sub-folders as classes)
 * @param path the image folder for {@code dataset: folder}: relative to, or under, one of the trainer's
 *     {@code udpm.trainer.folder-roots}
 * @param imageSize side the folder's images are resized to, 8 to the schemas' largest model image side
 * @param channels channels of the folder's images, 1 or 3
 * @param network {@code default} (cpuDefault U-Net) or {@code tiny}
 * @param steps train until this step
 * @param batch images per step
 * @param seed run seed
 * @param checkpointEvery checkpoint (and upload) every this many steps
 * @param sampleEvery sample grid and loss curve every this many steps
 * @param logEvery progress line and metrics every this many steps
 * @param keepCheckpoints newest checkpoints kept, locally and in the object store
 * @param hyperparameters optimiser and loss settings
 * @param graphOptimizations let TensorFlow's Grappler optimise the step graphs
 * @param modelName name of the exported model
 * @param exportOnFinish export, upload and announce the EMA weights when the run reaches {@code steps}
 * @param levels the levels a step is drawn from, uniformly over the list: empty for every level (the method),
 *     {@code [3]} trains the coarsest level alone, {@code [1, 2, 3, 3]} draws it twice as often
 */
public record RunRequest(String runId, String dataset, String path, Integer imageSize, Integer channels,
        String network, Long steps, Integer batch, Long seed, Integer checkpointEvery, Integer sampleEvery,
        Integer logEvery, Integer keepCheckpoints, Hyperparameters hyperparameters, Boolean graphOptimizations,
        String modelName, Boolean exportOnFinish, List<Integer> levels) {

    public static final String FASHION_MNIST = "fashion-mnist";
    public static final String FOLDER = "folder";
    /** Run ids: safe in S3 keys and short enough that {@code {runId}-step-{N}} is a valid model version. */
    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SAFE_NAME = SafeName.PATTERN;
    /** The method's values, which the hyper-parameters and batch and seed default to. */
    private static final TrainingConfig PAPER = TrainingConfig.paperDefaults();
    /** Columns of the sample grid (one row per class). */
    private static final int SAMPLES_PER_CLASS = 8;

    /**
     * Every default, written once: 20000 steps of the default network on Fashion-MNIST, checkpoints and samples
     * every 1000 steps (3 checkpoints kept), progress every 100, the paper's batch, seed and hyper-parameters
     * ({@link TrainingConfig#paperDefaults()}), every level drawn, Grappler on, export as {@code fashion-mnist} at the
     * end. A folder dataset's images default to 32 x 32 x 1. The perceptual weight's default applies only when the
     * trainer has a classifier (without one it is 0). {@code runId} has no default: it is generated.
     */
    public static final RunRequest DEFAULTS = new RunRequest(null, FASHION_MNIST, null, 32, 1, "default", 20000L,
            PAPER.batchSize(), PAPER.seed(), 1000, 1000, 100, 3, Hyperparameters.DEFAULTS, true, FASHION_MNIST, true,
            List.of());

    /**
     * Optimiser and loss settings; absent values take {@link #DEFAULTS}, the method's values.
     *
     * @param generatorLearningRate the generator's Adam step size after warm-up
     * @param discriminatorLearningRate the discriminator's Adam step size after warm-up
     * @param warmupSteps linear learning-rate warm-up
     * @param emaDecay decay of the generator weights' moving average
     * @param perceptualWeight weight of the perceptual loss on levels 1 and 2 (0 when the trainer has no classifier)
     * @param instanceNoise instance-noise std at step 0
     * @param noiseDecay instance-noise factor per 1000 steps
     * @param r1Gammas the R1 penalty weight of every level
     * @param diversityWeights the weight of the generator's diversity term at every level (0: off)
     * @param diversityCap the cap of the diversity term's output-over-noise distance ratio
     */
    public record Hyperparameters(Double generatorLearningRate, Double discriminatorLearningRate, Integer warmupSteps,
            Double emaDecay, Double perceptualWeight, Double instanceNoise, Double noiseDecay, List<Double> r1Gammas,
            List<Double> diversityWeights, Double diversityCap) {

        static final Hyperparameters DEFAULTS = new Hyperparameters(PAPER.generatorLearningRate(),
                PAPER.discriminatorLearningRate(), PAPER.warmupSteps(), PAPER.emaDecay(), PAPER.perceptualWeight(1),
                PAPER.instanceNoiseStd(), PAPER.instanceNoiseDecay(), PAPER.r1Gammas(), PAPER.diversityWeights(),
                PAPER.diversityCap());

        Hyperparameters withDefaults(boolean classifierAvailable) {
            Hyperparameters d = DEFAULTS;
            return new Hyperparameters(or(generatorLearningRate, d.generatorLearningRate),
                    or(discriminatorLearningRate, d.discriminatorLearningRate), or(warmupSteps, d.warmupSteps),
                    or(emaDecay, d.emaDecay), or(perceptualWeight, classifierAvailable ? d.perceptualWeight : 0.0),
                    or(instanceNoise, d.instanceNoise), or(noiseDecay, d.noiseDecay), or(r1Gammas, d.r1Gammas),
                    or(diversityWeights, d.diversityWeights), or(diversityCap, d.diversityCap));
        }
    }

    /**
     * This request with every absent field set from {@link #DEFAULTS} ({@code generatedRunId} when {@code runId} is
     * absent). Idempotent: a stored, defaulted request is returned unchanged.
     */
    public RunRequest withDefaults(String generatedRunId, boolean classifierAvailable) {
        RunRequest d = DEFAULTS;
        boolean folder = FOLDER.equals(dataset);
        return new RunRequest(or(runId, generatedRunId), dataset, path, folder ? or(imageSize, d.imageSize) : null,
                folder ? or(channels, d.channels) : null, or(network, d.network), or(steps, d.steps),
                or(batch, d.batch), or(seed, d.seed), or(checkpointEvery, d.checkpointEvery),
                or(sampleEvery, d.sampleEvery), or(logEvery, d.logEvery), or(keepCheckpoints, d.keepCheckpoints),
                (hyperparameters == null ? new Hyperparameters(null, null, null, null, null, null, null, null, null, null)
                        : hyperparameters).withDefaults(classifierAvailable),
                or(graphOptimizations, d.graphOptimizations), or(modelName, d.modelName),
                or(exportOnFinish, d.exportOnFinish), or(levels, d.levels));
    }

    /**
     * What is wrong with a {@link #withDefaults defaulted} request, as JSON pointers ({@code /steps}) with the rule;
     * empty when it is valid.
     */
    public List<FieldViolation> violations(boolean classifierAvailable) {
        List<FieldViolation> v = new ArrayList<>();
        if (!RUN_ID.matcher(runId).matches()) {
            v.add(new FieldViolation("/runId", "pattern", "must match " + RUN_ID.pattern()));
        }
        if (dataset == null) {
            v.add(new FieldViolation("/dataset", "required", "is required: " + FASHION_MNIST + " or " + FOLDER));
        } else if (!dataset.equals(FASHION_MNIST) && !dataset.equals(FOLDER)) {
            v.add(new FieldViolation("/dataset", "enum", "must be " + FASHION_MNIST + " or " + FOLDER
                    + ", got '" + dataset + "'"));
        } else if (dataset.equals(FOLDER)) {
            if (path == null || path.isBlank()) {
                v.add(new FieldViolation("/path", "required", "is required for dataset " + FOLDER));
            }
            atLeast(v, "/imageSize", imageSize, 8);
            atMost(v, "/imageSize", imageSize, Limits.MAX_IMAGE_SIZE);
            if (channels != 1 && channels != 3) {
                v.add(new FieldViolation("/channels", "enum", "must be 1 or 3, got " + channels));
            }
        } else if (path != null) {
            v.add(new FieldViolation("/path", "forbidden", "only for dataset " + FOLDER
                    + " (fashion-mnist reads udpm.trainer.fashion-mnist-dir)"));
        }
        if (!network.equals("default") && !network.equals("tiny")) {
            v.add(new FieldViolation("/network", "enum", "must be default or tiny, got '" + network + "'"));
        }
        atLeast(v, "/steps", steps, 1);
        atLeast(v, "/batch", batch, 1);
        atLeast(v, "/checkpointEvery", checkpointEvery, 1);
        atLeast(v, "/sampleEvery", sampleEvery, 1);
        atLeast(v, "/logEvery", logEvery, 1);
        atLeast(v, "/keepCheckpoints", keepCheckpoints, 1);
        if (!SAFE_NAME.matcher(modelName).matches()) {
            v.add(new FieldViolation("/modelName", "pattern", "must match " + SAFE_NAME.pattern()));
        }
        Hyperparameters h = hyperparameters;
        positive(v, "/hyperparameters/generatorLearningRate", h.generatorLearningRate());
        positive(v, "/hyperparameters/discriminatorLearningRate", h.discriminatorLearningRate());
        atLeast(v, "/hyperparameters/warmupSteps", h.warmupSteps(), 0);
        if (!(h.emaDecay() >= 0 && h.emaDecay() < 1)) {
            v.add(new FieldViolation("/hyperparameters/emaDecay", "range", "must be in [0, 1), got " + h.emaDecay()));
        }
        if (!(h.perceptualWeight() >= 0)) {
            v.add(new FieldViolation("/hyperparameters/perceptualWeight", "minimum", "must be >= 0"));
        } else if (h.perceptualWeight() > 0 && !classifierAvailable) {
            v.add(new FieldViolation("/hyperparameters/perceptualWeight", "classifier", "must be 0: this trainer has"
                    + " no classifier for the perceptual loss (the service's udpm.trainer.classifier-dir, the command's"
                    + " --classifier)"));
        }
        if (!(h.instanceNoise() >= 0)) {
            v.add(new FieldViolation("/hyperparameters/instanceNoise", "minimum", "must be >= 0"));
        }
        if (!(h.noiseDecay() > 0 && h.noiseDecay() <= 1)) {
            v.add(new FieldViolation("/hyperparameters/noiseDecay", "range", "must be in (0, 1]"));
        }
        perLevel(v, "/hyperparameters/r1Gammas", h.r1Gammas());
        perLevel(v, "/hyperparameters/diversityWeights", h.diversityWeights());
        if (!(h.diversityCap() > 0) || !Double.isFinite(h.diversityCap())) {
            v.add(new FieldViolation("/hyperparameters/diversityCap", "minimum", "must be a number > 0, got "
                    + h.diversityCap()));
        }
        for (int i = 0; i < levels.size(); i++) {
            Integer level = levels.get(i);
            if (level == null || level < 1 || level > PAPER.levels()) {
                v.add(new FieldViolation("/levels/" + i, "range", "must be a level 1.." + PAPER.levels() + ", got "
                        + level));
            }
        }
        return v;
    }

    /** One finite number >= 0 per level at {@code field}. */
    private static void perLevel(List<FieldViolation> v, String field, List<Double> values) {
        if (values.size() != PAPER.levels()) {
            v.add(new FieldViolation(field, "size", "must hold one number per level (" + PAPER.levels() + "), got "
                    + values.size()));
        }
        for (int i = 0; i < values.size(); i++) {
            Double value = values.get(i);
            if (value == null || !(value >= 0) || !Double.isFinite(value)) {
                v.add(new FieldViolation(field + "/" + i, "minimum", "must be a number >= 0, got " + value));
            }
        }
    }

    /** The loop configuration of a valid, defaulted request on {@code data} (channels and classes from it). */
    public TrainingRunConfig toRunConfig(ImageDataset data) {
        int classes = data.numClasses();
        int c = data.channels();
        boolean tiny = network.equals("tiny");
        Hyperparameters h = hyperparameters;
        TrainingConfig training = PAPER.toBuilder()
                .lossWeights(PAPER.l1Weights(), List.of(h.perceptualWeight(), h.perceptualWeight(), 0.0),
                        PAPER.adversarialWeights())
                .batchSize(batch)
                .seed(seed)
                .learningRates(h.generatorLearningRate(), h.discriminatorLearningRate())
                .warmupSteps(h.warmupSteps())
                .emaDecay(h.emaDecay())
                .instanceNoise(h.instanceNoise(), h.noiseDecay(), PAPER.instanceNoiseDecaySteps())
                .r1(h.r1Gammas(), PAPER.r1Interval())
                .diversity(h.diversityWeights(), h.diversityCap())
                .build();
        return new TrainingRunConfig(steps, checkpointEvery, sampleEvery, logEvery, keepCheckpoints, SAMPLES_PER_CLASS,
                tiny ? UNetConfig.tiny(c, classes) : UNetConfig.cpuDefault(c, classes),
                tiny ? DiscriminatorConfig.tiny(c, classes) : DiscriminatorConfig.cpuDefault(c, classes),
                training, graphOptimizations, levels);
    }

    /** The model version a run exports at {@code step}: {@code {runId}-step-{step}} (a schema safeName). */
    public String versionAt(long step) {
        return runId + "-step-" + step;
    }

    private static void atLeast(List<FieldViolation> v, String field, Number value, long min) {
        if (value.longValue() < min) {
            v.add(new FieldViolation(field, "minimum", "must be >= " + min + ", got " + value));
        }
    }

    private static void atMost(List<FieldViolation> v, String field, Number value, long max) {
        if (value.longValue() > max) {
            v.add(new FieldViolation(field, "maximum", "must be <= " + max + ", got " + value));
        }
    }

    private static void positive(List<FieldViolation> v, String field, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            v.add(new FieldViolation(field, "exclusiveMinimum", "must be > 0, got " + value));
        }
    }

    private static <T> T or(T value, T fallback) {
        return Objects.requireNonNullElse(value, fallback);
    }
}
