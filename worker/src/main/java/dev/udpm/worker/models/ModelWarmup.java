package dev.udpm.worker.models;

import java.util.List;

import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.latent.Latents;
import dev.udpm.core.model.LatentBatch;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.schemas.model.ModelManifest;

/**
 * Warm-up of a freshly loaded model: one {@link UdpmModel#generate} of a full batch, so TensorFlow's one-off graph
 * optimisation (0.4-3.6 s, docs/tensorflow.md#warm-up) happens before the version serves, and a smoke test of its
 * output: {@code N * S * S * C} values, all finite and in {@code [-1, 1]}.
 */
public final class ModelWarmup {

    /** Seed of the warm-up latents (any fixed value; the images are discarded). */
    static final long SEED = 0x5EEDL;

    private ModelWarmup() {
    }

    /**
     * Runs the warm-up batch.
     *
     * @param batchSize N, normally the batching size of the job pipeline
     * @throws IllegalStateException if the output has the wrong size or a value that is not finite or outside
     *     [-1, 1]; the message says which
     */
    public static void warmUp(UdpmModel model, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("warm-up batch size " + batchSize + " must be >= 1");
        }
        ModelManifest manifest = model.manifest();
        List<Latents> latents = new LatentGenerator(model.latentShapes()).generate(SEED, 0, batchSize);
        int[] labels = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            labels[i] = manifest.conditional() ? i % manifest.numClasses() : 0;
        }
        float[] images = model.generate(LatentBatch.of(latents), labels);
        long expected = (long) batchSize * manifest.imageSize() * manifest.imageSize() * manifest.channels();
        if (images.length != expected) {
            throw new IllegalStateException("a batch of " + batchSize + " gave " + images.length + " values, expected "
                    + expected + " (N x " + manifest.imageSize() + " x " + manifest.imageSize() + " x "
                    + manifest.channels() + ")");
        }
        for (int i = 0; i < images.length; i++) {
            float v = images[i];
            if (!Float.isFinite(v) || v < -1f || v > 1f) {
                throw new IllegalStateException("image value " + i + " of the warm-up batch is " + v
                        + "; a model must produce finite values in [-1, 1]");
            }
        }
    }
}
