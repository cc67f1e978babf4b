package dev.udpm.trainer.eval;

import java.nio.file.Path;
import java.util.SplittableRandom;

import dev.udpm.core.classifier.FeatureNet;
import dev.udpm.core.classifier.FeatureNetCheckpoint;
import dev.udpm.core.classifier.FeatureNetConfig;
import dev.udpm.trainer.data.ImageDataset;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Trains the evaluation classifier {@link FeatureNet} on a labelled image set with Adam and softmax
 * cross-entropy, saves its weights with {@link FeatureNetCheckpoint}, and measures test accuracy from the saved
 * checkpoint (so a successful run proves the folder loads).
 *
 * <p>Deterministic inputs: the initial weights come from {@code seed}, the batch order from a
 * {@link SplittableRandom} seeded with {@code seed} (one Fisher-Yates shuffle of the training indices per epoch,
 * the last incomplete batch of an epoch dropped). On one machine two runs with the same seed saved bit-identical
 * weights (measured with TensorFlow's default CPU threading and checked by the tests); other CPUs or thread
 * counts may change the floating-point summation order and with it the last bits.
 *
 * <p>Run it with {@link ClassifierTrainingCommand}.
 */
public final class ClassifierTraining {

    private ClassifierTraining() {
    }

    /**
     * @param epochs passes over the training images
     * @param batchSize images per step
     * @param learningRate Adam's step size
     * @param seed seed of the initial weights and of the batch order
     * @param maxSteps stop after this many steps (0: no limit beyond {@code epochs})
     * @param logEvery report progress every this many steps (and at the last step)
     */
    public record Options(int epochs, int batchSize, float learningRate, long seed, int maxSteps, int logEvery) {

        /** 5 epochs of batch 64, Adam 1e-3, seed 1234, progress every 100 steps. */
        public static Options defaults() {
            return new Options(5, 64, 1e-3f, 1234L, 0, 100);
        }

        /** Validates every field; the message names the field and its value. */
        public Options {
            if (epochs < 1) {
                throw new IllegalArgumentException("ClassifierTraining.Options.epochs = " + epochs + " must be >= 1");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("ClassifierTraining.Options.batchSize = " + batchSize
                        + " must be >= 1");
            }
            if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
                throw new IllegalArgumentException("ClassifierTraining.Options.learningRate = " + learningRate
                        + " must be a finite number > 0");
            }
            if (maxSteps < 0) {
                throw new IllegalArgumentException("ClassifierTraining.Options.maxSteps = " + maxSteps
                        + " must be >= 0 (0 = no limit)");
            }
            if (logEvery < 1) {
                throw new IllegalArgumentException("ClassifierTraining.Options.logEvery = " + logEvery
                        + " must be >= 1");
            }
        }
    }

    /** Progress of a run, reported every {@link Options#logEvery()} steps. */
    public interface Progress {
        /**
         * @param step steps done (1-based)
         * @param totalSteps steps the run will make
         * @param meanLoss mean cross-entropy over the steps since the last report
         * @param imagesPerSecond training throughput since the last report
         */
        void report(int step, int totalSteps, double meanLoss, double imagesPerSecond);
    }

    /**
     * @param steps optimisation steps made
     * @param finalLoss mean cross-entropy over the last reporting window
     * @param testAccuracy share of test images classified correctly by the saved checkpoint
     * @param trainingSeconds wall time of the optimisation steps (graph building and testing excluded)
     */
    public record Outcome(int steps, double finalLoss, double testAccuracy, double trainingSeconds) {
    }

    /**
     * Trains a fresh net of architecture {@code config} on {@code train}, saves it to {@code outputDir} and
     * measures its accuracy on {@code test}.
     *
     * @throws IllegalArgumentException if a dataset does not match {@code config} (image size, channels,
     *     classes) or holds fewer images than one batch
     */
    public static Outcome train(ImageDataset train, ImageDataset test, FeatureNetConfig config, Options options,
                                Path outputDir, Progress progress) {
        requireFits("train", train, config);
        requireFits("test", test, config);
        int stepsPerEpoch = train.size() / options.batchSize();
        if (stepsPerEpoch == 0) {
            throw new IllegalArgumentException("the training set holds " + train.size() + " images, fewer than one"
                    + " batch of " + options.batchSize() + ": lower ClassifierTraining.Options.batchSize");
        }
        int totalSteps = stepsPerEpoch * options.epochs();
        if (options.maxSteps() > 0) {
            totalSteps = Math.min(totalSteps, options.maxSteps());
        }
        double lastLoss;
        double seconds;
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            FeatureNet net = FeatureNet.create(tf, config, options.seed());
            FeatureNetCheckpoint checkpoint = FeatureNetCheckpoint.attach(tf, net);
            Placeholder<TFloat32> images = tf.placeholder(TFloat32.class, Placeholder.shape(
                    Shape.of(-1, config.imageSize(), config.imageSize(), config.channels())));
            Placeholder<TInt32> labels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            Operand<TFloat32> loss = crossEntropy(tf, net.logits(tf, images), labels, config.numClasses());
            // the graph holds only the net's variables here, so minimize() trains exactly those
            Op step = new Adam(graph, options.learningRate()).minimize(loss);
            try (Session session = new Session(graph)) {
                Loop loop = new Loop(train, options, totalSteps, progress);
                long start = System.nanoTime();
                lastLoss = loop.run(session, images, labels, loss, step);
                seconds = (System.nanoTime() - start) / 1e9;
                checkpoint.save(session, outputDir);
            }
        }
        double accuracy;
        try (FeatureNetRunner runner = FeatureNetRunner.load(outputDir)) {
            accuracy = accuracy(runner, test);
        }
        return new Outcome(totalSteps, lastLoss, accuracy, seconds);
    }

    /**
     * Mean softmax cross-entropy {@code mean_n (logsumexp_k z[n,k] - z[n, y_n])} of logits {@code z [N, K]} and
     * labels {@code y [N]}, built from differentiable ops: the fused {@code SparseSoftmaxCrossEntropyWithLogits}
     * has no C++ gradient in TensorFlow Java 1.1.0. The row maximum is subtracted (without gradient) for stability.
     */
    static Operand<TFloat32> crossEntropy(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels, int classes) {
        Operand<TInt32> lastAxis = tf.constant(1);
        Operand<TFloat32> max = tf.stopGradient(tf.reduceMax(logits, lastAxis, ReduceMax.keepDims(true)));
        Operand<TFloat32> shifted = tf.math.sub(logits, max);
        Operand<TFloat32> logSumExp = tf.math.log(tf.reduceSum(tf.math.exp(shifted), lastAxis));
        Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(classes), tf.constant(1f), tf.constant(0f));
        Operand<TFloat32> picked = tf.reduceSum(tf.math.mul(oneHot, shifted), lastAxis);
        return tf.math.mean(tf.math.sub(logSumExp, picked), tf.constant(0));
    }

    /** Share of {@code dataset}'s images whose predicted class equals their label. */
    static double accuracy(FeatureNetRunner runner, ImageDataset dataset) {
        int[] predicted = runner.run(DatasetArrays.images(dataset), dataset.size()).predictions();
        return Evaluation.of("accuracy", Double.NaN, predicted, DatasetArrays.labels(dataset),
                runner.config().numClasses()).accuracy();
    }

    private static void requireFits(String name, ImageDataset dataset, FeatureNetConfig config) {
        if (dataset.imageSize() != config.imageSize() || dataset.channels() != config.channels()
                || dataset.numClasses() != config.numClasses()) {
            throw new IllegalArgumentException("the " + name + " set has " + dataset.imageSize() + "x"
                    + dataset.imageSize() + "x" + dataset.channels() + " images in " + dataset.numClasses()
                    + " classes but the FeatureNetConfig expects " + config.imageSize() + "x" + config.imageSize()
                    + "x" + config.channels() + " in " + config.numClasses());
        }
    }

    /** The optimisation loop: seeded batch order, one Adam step per batch, windowed progress reports. */
    private static final class Loop {
        private final ImageDataset train;
        private final Options options;
        private final int totalSteps;
        private final Progress progress;
        private final SplittableRandom random;
        private final int[] order;

        Loop(ImageDataset train, Options options, int totalSteps, Progress progress) {
            this.train = train;
            this.options = options;
            this.totalSteps = totalSteps;
            this.progress = progress;
            this.random = new SplittableRandom(options.seed());
            this.order = new int[train.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
        }

        double run(Session session, Placeholder<TFloat32> images, Placeholder<TInt32> labels,
                   Operand<TFloat32> loss, Op step) {
            int b = options.batchSize();
            int stepsPerEpoch = train.size() / b;
            int[] indices = new int[b];
            float[] pixels = new float[b * train.valuesPerImage()];
            int[] batchLabels = new int[b];
            double windowLoss = 0;
            int windowSteps = 0;
            double lastMean = Double.NaN;
            long windowStart = System.nanoTime();
            for (int s = 0; s < totalSteps; s++) {
                int inEpoch = s % stepsPerEpoch;
                if (inEpoch == 0) {
                    shuffle();
                }
                System.arraycopy(order, inEpoch * b, indices, 0, b);
                train.copyBatch(indices, pixels, batchLabels);
                try (TFloat32 x = TensorArrays.images(pixels, 0, b, train.imageSize(), train.channels());
                     TInt32 y = TensorArrays.labels(batchLabels, 0, b);
                     Result r = session.runner().feed(images, x).feed(labels, y).addTarget(step).fetch(loss)
                             .run()) {
                    windowLoss += TensorArrays.scalar((TFloat32) r.get(0));
                }
                windowSteps++;
                if ((s + 1) % options.logEvery() == 0 || s + 1 == totalSteps) {
                    double elapsed = (System.nanoTime() - windowStart) / 1e9;
                    lastMean = windowLoss / windowSteps;
                    progress.report(s + 1, totalSteps, lastMean, windowSteps * b / elapsed);
                    windowLoss = 0;
                    windowSteps = 0;
                    windowStart = System.nanoTime();
                }
            }
            return lastMean;
        }

        /** Fisher-Yates shuffle of {@link #order} with the run's seeded generator. */
        private void shuffle() {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
        }
    }
}
