package dev.udpm.trainer.runs;

import dev.udpm.core.net.UNetConfig;
import dev.udpm.core.train.DiscriminatorConfig;
import dev.udpm.core.train.TrainingConfig;
import dev.udpm.schemas.Limits;
import dev.udpm.schemas.SafeName;
import dev.udpm.trainer.data.ImageDataset;
import dev.udpm.trainer.training.TrainingRunConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /v1/runs} and the content of {@code runs/{runId}/run.json}. Every field but
 * {@code dataset} may be omitted; {@link #withDefaults} fills the gaps, {@link #violations} checks the result.
 *
 * @param runId the run's id (a safe name of at most 64 characters); generated when absent
 * @param dataset {@code fashion-mnist} (the configured folder) or {@code folder} (sub-folders as classes)
 * @param path the image folder for {@code dataset: folder}: relative to, or under, one of the trainer's
 *     {@code udpm.trainer.folder-roots}
 * @param imageSize side the folder's images are resized to, 8 to the schemas' largest model image side [32]
 * @param channels channels of the folder's images, 1 or 3 [1]
 * @param network {@code default} (cpuDefault U-Net) or {@code tiny}
 * @param steps train until this step [20000]
 * @param batch images per step [32]
 * @param seed run seed [1]
 * @param checkpointEvery checkpoint (and upload) every this many steps [1000]
 * @param sampleEvery sample grid and loss curve every this many steps [1000]
 * @param logEvery progress line and metrics every this many steps [100]
 * @param keepCheckpoints newest checkpoints kept, locally and in the object store [3]
 * @param hyperparameters optimiser and loss settings
 * @param graphOptimizations let TensorFlow's Grappler optimise the step graphs [true]
 * @param modelName name of the exported model [fashion-mnist]
 * @param exportOnFinish export, upload and announce the EMA weights when the run reaches {@code steps} [true]
 */
public record RunRequest(String runId, String dataset, String path, Integer imageSize, Integer channels,
        String network, Long steps, Integer batch, Long seed, Integer checkpointEvery, Integer sampleEvery,
        Integer logEvery, Integer keepCheckpoints, Hyperparameters hyperparameters, Boolean graphOptimizations,
        String modelName, Boolean exportOnFinish) {

    public static final String FASHION_MNIST = "fashion-mnist";
    public static final String FOLDER = "folder";
    /** Run ids: safe in S3 keys and short enough that {@code {runId}-step-{N}} is a valid model version. */
    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SAFE_NAME = SafeName.PATTERN;

    /**
     * Optimiser and loss settings; absent values take TrainCommand's defaults.
     *
     * @param generatorLearningRate [1e-4]
     * @param discriminatorLearningRate [1e-4]
     * @param warmupSteps linear learning-rate warm-up [500]
     * @param emaDecay [0.999]
     * @param perceptualWeight weight of the perceptual loss on levels 1 and 2 [4 with a classifier, else 0]
     * @param instanceNoise instance-noise std at step 0 [0.4]
     * @param noiseDecay instance-noise factor per 1000 steps [0.99]
     */
    public record Hyperparameters(Double generatorLearningRate, Double discriminatorLearningRate, Integer warmupSteps,
            Double emaDecay, Double perceptualWeight, Double instanceNoise, Double noiseDecay) {

        Hyperparameters withDefaults(boolean classifierAvailable) {
            return new Hyperparameters(or(generatorLearningRate, 1e-4), or(discriminatorLearningRate, 1e-4),
                    or(warmupSteps, 500), or(emaDecay, 0.999), or(perceptualWeight, classifierAvailable ? 4.0 : 0.0),
                    or(instanceNoise, 0.4), or(noiseDecay, 0.99));
        }
    }

    /** This request with every absent field set to its default ({@code runId} must be given). */
    public RunRequest withDefaults(String generatedRunId, boolean classifierAvailable) {
        boolean folder = FOLDER.equals(dataset);
        return new RunRequest(or(runId, generatedRunId), dataset, path, folder ? or(imageSize, 32) : null,
                folder ? or(channels, 1) : null, or(network, "default"), or(steps, 20000L), or(batch, 32),
                or(seed, 1L), or(checkpointEvery, 1000), or(sampleEvery, 1000), or(logEvery, 100),
                or(keepCheckpoints, 3),
                (hyperparameters == null ? new Hyperparameters(null, null, null, null, null, null, null)
                        : hyperparameters).withDefaults(classifierAvailable),
                or(graphOptimizations, true), or(modelName, "fashion-mnist"), or(exportOnFinish, true));
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
                    + " no classifier for the perceptual loss (set udpm.trainer.classifier-dir)"));
        }
        if (!(h.instanceNoise() >= 0)) {
            v.add(new FieldViolation("/hyperparameters/instanceNoise", "minimum", "must be >= 0"));
        }
        if (!(h.noiseDecay() > 0 && h.noiseDecay() <= 1)) {
            v.add(new FieldViolation("/hyperparameters/noiseDecay", "range", "must be in (0, 1]"));
        }
        return v;
    }

    /** The loop configuration of a valid, defaulted request on {@code data} (channels and classes from it). */
    public TrainingRunConfig toRunConfig(ImageDataset data) {
        int classes = data.numClasses();
        int c = data.channels();
        boolean tiny = network.equals("tiny");
        Hyperparameters h = hyperparameters;
        TrainingConfig paper = TrainingConfig.paperDefaults();
        TrainingConfig training = paper.toBuilder()
                .lossWeights(paper.l1Weights(), List.of(h.perceptualWeight(), h.perceptualWeight(), 0.0),
                        paper.adversarialWeights())
                .batchSize(batch)
                .seed(seed)
                .learningRates(h.generatorLearningRate(), h.discriminatorLearningRate())
                .warmupSteps(h.warmupSteps())
                .emaDecay(h.emaDecay())
                .instanceNoise(h.instanceNoise(), h.noiseDecay(), 1000)
                .build();
        return new TrainingRunConfig(steps, checkpointEvery, sampleEvery, logEvery, keepCheckpoints, 8,
                tiny ? UNetConfig.tiny(c, classes) : UNetConfig.cpuDefault(c, classes),
                tiny ? DiscriminatorConfig.tiny(c, classes) : DiscriminatorConfig.cpuDefault(c, classes),
                training, graphOptimizations);
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
