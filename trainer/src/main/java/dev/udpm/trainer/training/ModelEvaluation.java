package dev.udpm.trainer.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.latent.Latents;
import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.LatentBatch;
import dev.udpm.core.model.ModelLoader;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.trainer.data.ImageDataset;
import dev.udpm.trainer.eval.Evaluation;
import dev.udpm.trainer.eval.Evaluator;
import dev.udpm.trainer.eval.GaussianStats;

/**
 * Scores an exported model with the evaluation classifier ({@link Evaluator}): {@code perClass} images per class
 * generated from the latents of indices {@code 0..n-1} under {@code seed} ({@link LatentGenerator}; image {@code i}
 * shows class {@code i / perClass}), their Frechet distance (FD) to the real test set and their conditional accuracy,
 * next to the real-data floor and the baselines computed on the same number of training images.
 */
public final class ModelEvaluation {

    /** Images per model call. */
    static final int CHUNK = 250;

    private ModelEvaluation() {
    }

    /**
     * The scores.
     *
     * @param model the generated set's scores
     * @param references floor and baselines ({@link Evaluator#references}), in that order
     */
    public record Result(Evaluation model, List<Evaluation> references) {

        /** The real-data floor's FD. */
        public double floor() {
            return references.get(0).frechetDistance();
        }

        /**
         * Metrics for the model manifest: {@code fd}, {@code fdFloor}, {@code fdRatio} (fd / floor),
         * {@code conditionalAccuracy}, {@code fdBlurred4x4}, {@code fdClassMeans}, {@code fdNoise}, {@code evalImages}.
         */
        public Map<String, Double> metrics() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("fd", model.frechetDistance());
            m.put("fdFloor", floor());
            m.put("fdRatio", model.frechetDistance() / floor());
            m.put("conditionalAccuracy", model.accuracy());
            m.put("fdBlurred4x4", references.get(1).frechetDistance());
            m.put("fdClassMeans", references.get(2).frechetDistance());
            m.put("fdNoise", references.get(3).frechetDistance());
            m.put("evalImages", (double) model.count());
            return m;
        }

        /** Several lines: the model, then the references, with FD, accuracy and per-class accuracy. */
        public String summary() {
            StringBuilder s = new StringBuilder(model.summary());
            references.forEach(r -> s.append('\n').append(r.summary()));
            s.append(String.format(Locale.ROOT, "%nFD ratio model / floor = %.2f", model.frechetDistance() / floor()));
            return s.toString();
        }
    }

    /**
     * Generates and scores.
     *
     * @param modelDir an exported model version (verified and loaded with {@link ModelLoader})
     * @param classifierDir the evaluation classifier's folder
     * @param perClass images per class (per the whole set for an unconditional model)
     */
    public static Result evaluate(Path modelDir, Path classifierDir, ImageDataset train, ImageDataset test,
            int perClass, long seed) throws IOException {
        return evaluate(modelDir, classifierDir, train, test, perClass, seed, DeviceOptions.cpu(0, 0));
    }

    /** The same, with the model's session built with {@code device} (e.g. a graph rewrite whose effect is scored). */
    public static Result evaluate(Path modelDir, Path classifierDir, ImageDataset train, ImageDataset test,
            int perClass, long seed, DeviceOptions device)
            throws IOException {
        if (perClass < 1) {
            throw new IllegalArgumentException("perClass = " + perClass + " images must be >= 1");
        }
        try (UdpmModel model = ModelLoader.load(modelDir, device);
             Evaluator evaluator = Evaluator.load(classifierDir)) {
            boolean conditional = model.manifest().conditional();
            int classes = conditional ? model.manifest().numClasses() : 1;
            int n = perClass * classes;
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i / perClass;
            }
            float[] images = generate(model, labels, seed);
            GaussianStats reference = evaluator.statsOf(test);
            Evaluation scored = evaluator.evaluate("udpm " + model.manifest().name() + "/" + model.manifest().version(),
                    images, n, conditional ? labels : null, reference);
            return new Result(scored, evaluator.references(train, reference, n, seed));
        }
    }

    /** The images of {@code labels.length} latent indices under {@code seed}, in chunks of {@value #CHUNK}. */
    static float[] generate(UdpmModel model, int[] labels, long seed) {
        return generate(model, new LatentGenerator(model.latentShapes()).generate(seed, 0, labels.length), labels);
    }

    /**
     * The images of the given latents, in chunks of {@value #CHUNK}.
     *
     * @param labels one per latent set, or null for an unconditional model
     */
    static float[] generate(UdpmModel model, List<Latents> latents, int[] labels) {
        int perImage = model.manifest().imageSize() * model.manifest().imageSize() * model.manifest().channels();
        float[] out = new float[latents.size() * perImage];
        for (int start = 0; start < latents.size(); start += CHUNK) {
            int count = Math.min(CHUNK, latents.size() - start);
            int[] chunkLabels = labels == null ? null : java.util.Arrays.copyOfRange(labels, start, start + count);
            float[] images = model.generate(LatentBatch.of(latents.subList(start, start + count)), chunkLabels);
            System.arraycopy(images, 0, out, start * perImage, images.length);
        }
        return out;
    }
}
