package dev.udpm.trainer.eval;

import java.nio.file.Path;

import dev.udpm.core.classifier.FeatureNet;
import dev.udpm.core.classifier.FeatureNetCheckpoint;
import dev.udpm.core.classifier.FeatureNetConfig;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Inference with a trained {@link FeatureNet}: its own graph and session holding the net restored from a
 * checkpoint folder; computes penultimate features {@code [N, F]} and predicted classes
 * {@code argmax_k logits[n, k]} for image arrays in batches. Owns its graph and session: close it.
 */
public final class FeatureNetRunner implements AutoCloseable {

    /** Images per session run. */
    public static final int DEFAULT_BATCH_SIZE = 500;

    private final FeatureNetConfig config;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final Operand<TFloat32> features;
    private final Operand<TInt64> predictions;
    private final int batchSize;

    private FeatureNetRunner(FeatureNetConfig config, Path checkpointDir, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("FeatureNetRunner batchSize = " + batchSize + " must be >= 1");
        }
        this.config = config;
        this.batchSize = batchSize;
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            FeatureNet net = FeatureNet.create(tf, config, 0);
            FeatureNetCheckpoint checkpoint = FeatureNetCheckpoint.attach(tf, net);
            input = tf.placeholder(TFloat32.class, Placeholder.shape(
                    Shape.of(-1, config.imageSize(), config.imageSize(), config.channels())));
            features = net.features(tf, input);
            predictions = tf.math.argMax(net.logitsFromFeatures(tf, features), tf.constant(1));
            session = new Session(graph);
            try {
                checkpoint.restore(session, checkpointDir);
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /**
     * Builds the net described by {@code checkpointDir}'s config and restores its weights.
     *
     * @throws IllegalArgumentException if the folder holds no FeatureNet checkpoint
     */
    public static FeatureNetRunner load(Path checkpointDir) {
        return load(checkpointDir, DEFAULT_BATCH_SIZE);
    }

    /** As {@link #load(Path)} with {@code batchSize} images per session run. */
    public static FeatureNetRunner load(Path checkpointDir, int batchSize) {
        return new FeatureNetRunner(FeatureNetCheckpoint.readConfig(checkpointDir), checkpointDir, batchSize);
    }

    /** The restored net's architecture. */
    public FeatureNetConfig config() {
        return config;
    }

    /**
     * Features and predicted classes of {@code count} images.
     *
     * @param images NHWC values in [-1, 1], {@code count * config().valuesPerImage()} floats
     */
    public Outputs run(float[] images, int count) {
        int perImage = config.valuesPerImage();
        if (count < 0 || images.length != (long) count * perImage) {
            throw new IllegalArgumentException("FeatureNetRunner: " + images.length + " values are not " + count
                    + " images of " + config.imageSize() + "x" + config.imageSize() + "x" + config.channels());
        }
        int dim = config.featureDim();
        float[] f = new float[count * dim];
        int[] predicted = new int[count];
        for (int start = 0; start < count; start += batchSize) {
            int n = Math.min(batchSize, count - start);
            try (TFloat32 batch = TensorArrays.images(images, start * perImage, n, config.imageSize(),
                    config.channels());
                 Result r = session.runner().feed(input, batch).fetch(features).fetch(predictions).run()) {
                TensorArrays.copy((TFloat32) r.get(0), f, start * dim);
                TensorArrays.copy((TInt64) r.get(1), predicted, start);
            }
        }
        return new Outputs(f, predicted, count, dim);
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }

    /**
     * @param features {@code [count, featureDim]} row-major
     * @param predictions predicted class per image
     */
    public record Outputs(float[] features, int[] predictions, int count, int featureDim) {

        /** The Gaussian fitted to the features. */
        public GaussianStats stats() {
            return GaussianStats.of(features, count, featureDim);
        }
    }
}
