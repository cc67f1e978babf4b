package dev.udpm.trainer.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.ModelLoader;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.trainer.data.ImageDataset;
import dev.udpm.trainer.eval.ClassificationAccuracyScore;
import dev.udpm.trainer.eval.ClassifierTraining;
import dev.udpm.trainer.eval.Evaluation;
import dev.udpm.trainer.eval.Evaluator;
import dev.udpm.trainer.eval.GaussianStats;
import dev.udpm.trainer.eval.ImageSubset;
import dev.udpm.trainer.eval.VarianceRatios;

/**
 * The evaluation that does not grade its own homework: scores an exported model with an independent evaluation
 * network (another architecture and seed than the classifier of the perceptual loss, used by no loss), and measures
 * what a dataset-synthesis user needs:
 * <ul>
 *   <li>FD in the independent network's features against the real test split, its real-data floor (as many real
 *       training images) and the conditional accuracy by the independent network;</li>
 *   <li>the Classification Accuracy Score ({@link ClassificationAccuracyScore}) with the independent architecture:
 *       trained from scratch on the {@code perClass} generated images per class and on as many real ones;</li>
 *   <li>the within-class variance ratio generated / real at scales 4, 8, 16 and 32 ({@link VarianceRatios}), the
 *       real images being the CAS's real set;</li>
 *   <li>the share of variance each latent level controls ({@link LatentLevelVariance}, at 32x32) and the 4x4
 *       variance the coarsest latent alone produces, over the real data's 4x4 within-class variance.</li>
 * </ul>
 * The generated set is the same as {@link ModelEvaluation}'s (latent indices {@code 0..n-1} under {@code seed}).
 */
public final class IndependentEvaluation {

    /** Latent bases per class and redraws per base of {@link LatentLevelVariance}. */
    static final int LEVEL_BASES = 8;
    static final int LEVEL_VARIANTS = 8;

    /**
     * @param independent the generated set scored by the independent network
     * @param floor as many real training images scored by it (the FD floor)
     * @param cas the classification accuracy score
     * @param varianceRatios {@code [scale index][class]} generated / real at {@link VarianceRatios#SCALES}
     * @param levels what each latent level controls
     * @param realVariance4 the real within-class variance at 4x4, per class
     */
    public record Result(Evaluation independent, Evaluation floor, ClassificationAccuracyScore.Result cas,
            double[][] varianceRatios, LatentLevelVariance.Result levels, double[] realVariance4) {

        /** The coarsest latent's 4x4 variance over the real 4x4 within-class variance, per class. */
        public double[] coarsestLatentVariance4Ratio() {
            return VarianceRatios.ratios(levels.perClassAtScale()[levels.perClassAtScale().length - 1][0],
                    realVariance4);
        }

        /**
         * Metrics for the manifest: {@code fdIndependent}, {@code fdIndependentFloor}, {@code fdIndependentRatio},
         * {@code conditionalAccuracyIndependent}, {@code casSynthetic}, {@code casReal}, {@code casRatio},
         * {@code casPerClass}, {@code varianceRatio{4,8,16,32}} (mean over classes) and
         * {@code varianceRatioMin{4,8,16,32}}, {@code latentShareLevel{1..L}} (at 32x32) and
         * {@code coarsestLatentVariance4Ratio} (mean over classes) with its minimum.
         */
        public Map<String, Double> metrics() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("fdIndependent", independent.frechetDistance());
            m.put("fdIndependentFloor", floor.frechetDistance());
            m.put("fdIndependentRatio", independent.frechetDistance() / floor.frechetDistance());
            m.put("conditionalAccuracyIndependent", independent.accuracy());
            m.put("casSynthetic", cas.syntheticAccuracy());
            m.put("casReal", cas.realAccuracy());
            m.put("casRatio", cas.ratio());
            m.put("casPerClass", (double) cas.perClass());
            for (int s = 0; s < VarianceRatios.SCALES.length; s++) {
                m.put("varianceRatio" + VarianceRatios.SCALES[s], VarianceRatios.mean(varianceRatios[s]));
            }
            for (int s = 0; s < VarianceRatios.SCALES.length; s++) {
                m.put("varianceRatioMin" + VarianceRatios.SCALES[s], VarianceRatios.min(varianceRatios[s]));
            }
            int top = VarianceRatios.SCALES.length - 1;
            for (int l = 1; l <= levels.perClassAtScale().length; l++) {
                m.put("latentShareLevel" + l, levels.share(l, top));
            }
            m.put("coarsestLatentVariance4Ratio", VarianceRatios.mean(coarsestLatentVariance4Ratio()));
            m.put("coarsestLatentVariance4RatioMin", VarianceRatios.min(coarsestLatentVariance4Ratio()));
            return m;
        }

        /** Human-readable lines, per-class figures included. */
        public String summary() {
            StringBuilder s = new StringBuilder();
            s.append("independent network: ").append(independent.summary()).append('\n');
            s.append("independent network: ").append(floor.summary()).append('\n');
            s.append(String.format(Locale.ROOT, "CAS (%d per class): synthetic %.4f, real %.4f, ratio %.4f%n",
                    cas.perClass(), cas.syntheticAccuracy(), cas.realAccuracy(), cas.ratio()));
            for (int i = 0; i < VarianceRatios.SCALES.length; i++) {
                s.append(String.format(Locale.ROOT, "variance ratio %2dx%-2d mean %.3f per class %s%n",
                        VarianceRatios.SCALES[i], VarianceRatios.SCALES[i], VarianceRatios.mean(varianceRatios[i]),
                        format(varianceRatios[i])));
            }
            for (int l = 1; l <= levels.perClassAtScale().length; l++) {
                s.append(String.format(Locale.ROOT, "latent level %d: share of variance at 32x32 %.3f, at 4x4 %.3f%n",
                        l, levels.share(l, VarianceRatios.SCALES.length - 1), levels.share(l, 0)));
            }
            s.append(String.format(Locale.ROOT, "coarsest latent alone, 4x4 variance / real: mean %.3f per class %s",
                    VarianceRatios.mean(coarsestLatentVariance4Ratio()), format(coarsestLatentVariance4Ratio())));
            return s.toString();
        }

        private static String format(double[] values) {
            StringBuilder s = new StringBuilder();
            for (double v : values) {
                s.append(String.format(Locale.ROOT, " %.2f", v));
            }
            return s.toString().trim();
        }
    }

    private IndependentEvaluation() {
    }

    /** CAS training: 20 epochs of batch 64, Adam 1e-3 (about 1,560 steps for 500 images per class). */
    public static ClassifierTraining.Options casOptions(long seed) {
        return new ClassifierTraining.Options(20, 64, 1e-3f, seed, 0, 1000);
    }

    /**
     * Generates and scores.
     *
     * @param modelDir an exported model version (class-conditional)
     * @param independentDir the independent evaluation network's folder ({@code ClassifierTrainingCommand
     *     --architecture independent})
     * @param perClass generated images per class (and real images per class for the CAS and the variances)
     */
    public static Result evaluate(Path modelDir, Path independentDir, ImageDataset train, ImageDataset test,
            int perClass, long seed, ClassifierTraining.Options casOptions) throws IOException {
        return evaluate(modelDir, independentDir, train, test, perClass, seed, casOptions, DeviceOptions.cpu(0, 0));
    }

    /** The same, with the model's session built with {@code device} (e.g. a graph rewrite whose effect is scored). */
    public static Result evaluate(Path modelDir, Path independentDir, ImageDataset train, ImageDataset test,
            int perClass, long seed, ClassifierTraining.Options casOptions, DeviceOptions device) throws IOException {
        if (perClass < 2) {
            throw new IllegalArgumentException("perClass = " + perClass + " images must be >= 2");
        }
        try (UdpmModel model = ModelLoader.load(modelDir, device);
             Evaluator evaluator = Evaluator.load(independentDir)) {
            if (!model.manifest().conditional()) {
                throw new IllegalArgumentException("the independent evaluation needs a class-conditional model");
            }
            int classes = model.manifest().numClasses();
            int size = model.manifest().imageSize();
            int channels = model.manifest().channels();
            int n = perClass * classes;
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i / perClass;
            }
            float[] images = ModelEvaluation.generate(model,
                    new LatentGenerator(model.latentShapes()).generate(seed, 0, n), labels);
            GaussianStats reference = evaluator.statsOf(test);
            String name = model.manifest().name() + "/" + model.manifest().version();
            Evaluation scored = evaluator.evaluate("udpm " + name, images, n, labels, reference);
            Evaluation floor = evaluator.references(train, reference, n, seed).get(0);
            ClassificationAccuracyScore.Result cas = ClassificationAccuracyScore.score(images, labels, train, test,
                    evaluator.config(), casOptions, seed);

            ImageDataset real = new ImageSubset(train, ClassificationAccuracyScore.balancedSample(train, perClass, seed));
            float[] realImages = new float[n * train.valuesPerImage()];
            int[] realLabels = new int[n];
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            real.copyBatch(all, realImages, realLabels);
            double[][] ratios = new double[VarianceRatios.SCALES.length][];
            double[] realVariance4 = null;
            for (int s = 0; s < VarianceRatios.SCALES.length; s++) {
                int scale = VarianceRatios.SCALES[s];
                double[] gen = VarianceRatios.withinClass(images, labels, n, size, channels, classes, scale);
                double[] ref = VarianceRatios.withinClass(realImages, realLabels, n, size, channels, classes, scale);
                ratios[s] = VarianceRatios.ratios(gen, ref);
                if (s == 0) {
                    realVariance4 = ref;
                }
            }
            LatentLevelVariance.Result levels = LatentLevelVariance.measure(model, classes, LEVEL_BASES,
                    LEVEL_VARIANTS, seed);
            return new Result(scored, floor, cas, ratios, levels, realVariance4);
        }
    }
}
