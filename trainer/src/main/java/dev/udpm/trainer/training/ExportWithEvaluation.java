package dev.udpm.trainer.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.trainer.data.FashionMnist;
import dev.udpm.trainer.data.ImageDataset;

/**
 * Exports a run's EMA weights as a model version, evaluated first when possible; shared by {@link TrainCommand} and
 * the trainer service (ActiveRun). With Fashion-MNIST, a classifier and {@code perClass > 0}, the EMA weights are
 * exported as a draft next to the target ({@code {target}.unevaluated}, deleted afterwards), scored by
 * {@link ModelEvaluation#evaluate} against the Fashion-MNIST test split with the run's seed, and exported again into
 * {@code target} with {@link ModelEvaluation.Result#metrics()} in the manifest. Otherwise the export has no metrics.
 * An evaluation that fails throws (nothing is exported into {@code target}).
 */
public final class ExportWithEvaluation {

    /**
     * Generated images per class of the evaluation at export, unless configured ({@code udpm.trainer.eval-per-class},
     * {@code TrainCommand --eval-per-class}, {@code ModelScoreCommand --per-class}): 5000 images in a few minutes.
     */
    public static final String DEFAULT_PER_CLASS = "500";

    /**
     * What the export produced.
     *
     * @param manifest the exported manifest (its {@code metrics} empty when not evaluated)
     * @param evaluation the scores, when evaluated
     * @param evaluationSeconds time spent on the draft export and the evaluation (0 when not evaluated)
     */
    public record Outcome(ModelManifest manifest, Optional<ModelEvaluation.Result> evaluation,
            double evaluationSeconds) {
    }

    private ExportWithEvaluation() {
    }

    /**
     * True when {@link #export} evaluates: a Fashion-MNIST folder (the run's dataset is Fashion-MNIST), a classifier
     * and a positive {@code perClass}.
     */
    public static boolean evaluates(Path fashionMnistDir, Path classifierDir, int perClass) {
        return perClass > 0 && fashionMnistDir != null && classifierDir != null;
    }

    /**
     * Exports (and, if {@link #evaluates}, evaluates) the loop's EMA weights into {@code target}.
     *
     * @param target a folder that does not exist or is empty
     * @param train the run's training set (the baselines are drawn from it)
     * @param fashionMnistDir the Fashion-MNIST folder (its test split is the reference), or {@code null} when the run
     *     did not train on Fashion-MNIST
     * @param classifierDir the evaluation classifier, or {@code null}
     * @param perClass generated images per class; 0 skips the evaluation
     */
    public static Outcome export(TrainingLoop loop, Path target, String name, String version, ImageDataset train,
            Path fashionMnistDir, Path classifierDir, int perClass) throws IOException {
        return export(loop, target, name, version, train, fashionMnistDir, classifierDir, null, perClass);
    }

    /**
     * As {@link #export(TrainingLoop, Path, String, String, ImageDataset, Path, Path, int)}; with
     * {@code independentDir} (the independent evaluation network) the draft is also scored by
     * {@link IndependentEvaluation} and its metrics (independent FD, CAS, variance ratios, latent-level shares) join
     * the manifest's.
     */
    public static Outcome export(TrainingLoop loop, Path target, String name, String version, ImageDataset train,
            Path fashionMnistDir, Path classifierDir, Path independentDir, int perClass) throws IOException {
        if (perClass < 0) {
            throw new IllegalArgumentException("perClass = " + perClass + " must be >= 0 (0 skips the evaluation)");
        }
        if (!evaluates(fashionMnistDir, classifierDir, perClass)) {
            return new Outcome(loop.export(target, name, version, Map.of()), Optional.empty(), 0);
        }
        long start = System.nanoTime();
        Path draft = target.resolveSibling(target.getFileName() + ".unevaluated");
        Checkpoints.deleteTree(draft);
        ModelEvaluation.Result result;
        Map<String, Double> metrics = new LinkedHashMap<>();
        try {
            loop.export(draft, name, version, Map.of());
            ImageDataset test = FashionMnist.load(fashionMnistDir, FashionMnist.Split.TEST);
            long seed = loop.config().training().seed();
            result = ModelEvaluation.evaluate(draft, classifierDir, train, test, perClass, seed);
            metrics.putAll(result.metrics());
            if (independentDir != null) {
                IndependentEvaluation.Result independent = IndependentEvaluation.evaluate(draft, independentDir, train,
                        test, perClass, seed, IndependentEvaluation.casOptions(seed));
                System.getLogger(ExportWithEvaluation.class.getName()).log(System.Logger.Level.INFO,
                        independent.summary());
                metrics.putAll(independent.metrics());
            }
        } finally {
            Checkpoints.deleteTree(draft);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(loop.export(target, name, version, metrics), Optional.of(result), seconds);
    }
}
