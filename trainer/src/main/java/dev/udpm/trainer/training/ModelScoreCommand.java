package dev.udpm.trainer.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.latent.LatentShapes;
import dev.udpm.core.latent.Latents;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.GraphTuning;
import dev.udpm.core.model.LatentBatch;
import dev.udpm.core.model.ModelLoader;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.trainer.data.FashionMnist;
import dev.udpm.trainer.data.ImageDataset;
import dev.udpm.trainer.eval.ClassificationAccuracyScore;
import dev.udpm.trainer.eval.ImageSubset;
import dev.udpm.trainer.eval.VarianceRatios;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command line: scores an exported Fashion-MNIST model with the independent evaluation ({@link IndependentEvaluation})
 * and, with {@code --classifier}, the project's evaluation ({@link ModelEvaluation}); prints the figures and the
 * metrics as {@code key=value} lines. Run it as {@code TrainCommand} (same classpath; {@code --help} lists the
 * options and their defaults):
 * <pre>
 *   java -cp ... dev.udpm.trainer.training.ModelScoreCommand --model models/fashion-mnist \
 *     --independent /tmp/udpm-independent --classifier /tmp/udpm-classifier --per-class 500
 * </pre>
 * {@code --coarsest-only} (a run that trained level 3 alone) prints only the 4x4 variance of the level-3 output, read
 * from the chain state {@code x_2} with {@code e_2 = e_1 = 0}, over the real 4x4 within-class variance.
 */
@Command(name = "ModelScoreCommand", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        usageHelpWidth = 120, description = "Scores an exported Fashion-MNIST model: the independent evaluation and,"
                + " with --classifier, the project's.")
public final class ModelScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "the exported model folder")
    Path model;

    @Option(names = "--independent", paramLabel = "DIR", description = "the independent evaluation network"
            + " (ClassifierTrainingCommand --architecture independent); required unless --coarsest-only")
    Path independent;

    @Option(names = "--classifier", paramLabel = "DIR",
            description = "the evaluation classifier: adds the project's evaluation")
    Path classifier;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = FashionMnist.DEFAULT_DIRECTORY,
            description = "the Fashion-MNIST IDX files")
    Path data;

    @Option(names = "--per-class", paramLabel = "N", defaultValue = ExportWithEvaluation.DEFAULT_PER_CLASS,
            description = "images generated per class")
    int perClass;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the latents and the samples (the export's"
            + " evaluation uses the run's seed; this defaults to a run's default)")
    long seed = RunRequest.DEFAULTS.seed();

    @Option(names = "--coarsest-only", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "only the level-3 output's 4x4 variance ratio (a run that trained level 3 alone)")
    boolean coarsestOnly;

    @Option(names = "--onednn-bfloat16", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "score the chain with oneDNN's bfloat16 auto-mixed-precision rewrite on (the worker's"
                    + " udpm.worker.device.onednn-bfloat16), to measure what it costs in quality")
    boolean onednnBfloat16;

    public static void main(String[] args) {
        int code = new CommandLine(new ModelScoreCommand()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (perClass < 1) {
            throw new ParameterException(spec.commandLine(), "--per-class must be >= 1, got " + perClass);
        }
        if (!coarsestOnly && independent == null) {
            throw new ParameterException(spec.commandLine(), "--independent DIR is required"
                    + " (ClassifierTrainingCommand --architecture independent) unless --coarsest-only");
        }
        ImageDataset train = FashionMnist.load(data, FashionMnist.Split.TRAIN);
        if (coarsestOnly) {
            double[] ratios = coarsestOutputVariance4Ratio(model, train, perClass, seed);
            System.out.printf(Locale.ROOT, "level-3 output, 4x4 variance / real: mean %.3f min %.3f per class %s%n",
                    VarianceRatios.mean(ratios), VarianceRatios.min(ratios), java.util.Arrays.toString(ratios));
            return 0;
        }
        ImageDataset test = FashionMnist.load(data, FashionMnist.Split.TEST);
        Map<String, Double> metrics = new LinkedHashMap<>();
        long start = System.nanoTime();
        if (classifier != null) {
            ModelEvaluation.Result own = ModelEvaluation.evaluate(model, classifier, train, test, perClass, seed,
                    device());
            System.out.println(own.summary());
            metrics.putAll(own.metrics());
        }
        IndependentEvaluation.Result result = IndependentEvaluation.evaluate(model, independent, train, test,
                perClass, seed, IndependentEvaluation.casOptions(seed), device());
        System.out.println(result.summary());
        metrics.putAll(result.metrics());
        metrics.forEach((k, v) -> System.out.printf(Locale.ROOT, "%s=%.6g%n", k, v));
        System.out.printf(Locale.ROOT, "scoring took %.1f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    DeviceOptions device() {
        DeviceOptions cpu = DeviceOptions.cpu(0, 0);
        GraphTuning tuning = cpu.tuning();
        return cpu.withTuning(new GraphTuning(tuning.xlaJit(), tuning.remapping(), onednnBfloat16));
    }

    /**
     * For a run that trained the coarsest level alone: the variance (per class, pooled to 4x4) of the level-3
     * network's output when only {@code e_3} varies, over the real data's 4x4 within-class variance. With
     * {@code e_2 = 0} the chain state is {@code x_2 = alphaBar_2 f + O(1e-4) H^T x_3}, so {@code f = x_2 / alphaBar_2}
     * estimates {@code H^2 x_0 = 4 avgpool4(x_0)}.
     */
    static double[] coarsestOutputVariance4Ratio(Path modelDir, ImageDataset train, int perClass, long seed)
            throws java.io.IOException {
        try (UdpmModel model = ModelLoader.load(modelDir, DeviceOptions.cpu(0, 0))) {
            int classes = model.manifest().numClasses();
            LatentShapes shapes = model.latentShapes();
            int levels = shapes.levels();
            LatentGenerator generator = new LatentGenerator(shapes);
            int n = perClass * classes;
            List<Latents> latents = new ArrayList<>();
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                Latents l = generator.generate(seed, i);
                for (int k = 1; k < levels; k++) {
                    l = l.withLevel(k, shapes.zeros(k));
                }
                latents.add(l);
                labels[i] = i / perClass;
            }
            int side = shapes.side(levels - 1);
            int channels = shapes.channels();
            float[] f = new float[n * side * side * channels];
            double scale = 1.0 / (Schedule.paperDefault().alphaBar(levels - 1) * Math.pow(2, levels - 1));
            for (int start = 0; start < n; start += ModelEvaluation.CHUNK) {
                int count = Math.min(ModelEvaluation.CHUNK, n - start);
                UdpmModel.ChainOutput out = model.generateWithStates(LatentBatch.of(latents.subList(start, start + count)),
                        java.util.Arrays.copyOfRange(labels, start, start + count));
                float[] state = out.states().get(levels - 1);
                for (int k = 0; k < state.length; k++) {
                    f[start * side * side * channels + k] = (float) (state[k] * scale);
                }
            }
            int coarse = shapes.side(levels);
            double[] generated = VarianceRatios.withinClass(f, labels, n, side, channels, classes, coarse);
            ImageSubset real = new ImageSubset(train, ClassificationAccuracyScore.balancedSample(train, perClass, seed));
            float[] realImages = new float[n * train.valuesPerImage()];
            int[] realLabels = new int[n];
            int[] all = java.util.stream.IntStream.range(0, n).toArray();
            real.copyBatch(all, realImages, realLabels);
            double[] reference = VarianceRatios.withinClass(realImages, realLabels, n, train.imageSize(),
                    train.channels(), classes, coarse);
            return VarianceRatios.ratios(generated, reference);
        }
    }
}
