package dev.udpm.trainer.training;

import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

import dev.udpm.core.net.UNetConfig;
import dev.udpm.core.train.DiscriminatorConfig;
import dev.udpm.core.train.TrainingConfig;

/**
 * One training run: how long, how often to checkpoint, log and preview, and the networks and hyper-parameters.
 * The schedule is the paper's ({@code Schedule.paperDefault()}, L = 3). Its JSON form (checkpoint state, manifest) is
 * {@link RunConfigJson}'s; the defaults of a run are {@code RunRequest}'s.
 *
 * @param steps train until this 1-based step count (a resumed run may raise it)
 * @param checkpointEvery write a checkpoint every this many steps (and at the end, and when stopped)
 * @param sampleEvery write the sample grid and loss-curve PNGs every this many steps (and at the end)
 * @param logEvery report progress (listener and log line) and append a loss-history entry every this many steps
 * @param keepCheckpoints how many of the newest checkpoints to keep (at least 1)
 * @param samplesPerClass columns of the sample grid: one row per class (8 rows for an unconditional model)
 * @param network the U-Net; its channels and classes must match the dataset
 * @param discriminator the discriminator; channels and classes as the U-Net's
 * @param training loss weights, optimizer, EMA, batch size and seed
 * @param graphOptimizations let TensorFlow's Grappler optimise each step's graph (faster steps; the first run of each
 *     of the ~7 step kinds then costs a few seconds): on for real runs, off for short tests
 * @param levelDraw the levels a step is drawn from, uniformly over this list: empty for every level {@code 1..L}
 *     (the method), {@code [3]} to train the coarsest level alone, {@code [1, 2, 3, 3]} to draw level 3 twice as often
 */
public record TrainingRunConfig(long steps, int checkpointEvery, int sampleEvery, int logEvery, int keepCheckpoints,
        int samplesPerClass, UNetConfig network, DiscriminatorConfig discriminator, TrainingConfig training,
        boolean graphOptimizations, List<Integer> levelDraw) {

    /** A run that draws every level uniformly (the method). */
    public TrainingRunConfig(long steps, int checkpointEvery, int sampleEvery, int logEvery, int keepCheckpoints,
            int samplesPerClass, UNetConfig network, DiscriminatorConfig discriminator, TrainingConfig training,
            boolean graphOptimizations) {
        this(steps, checkpointEvery, sampleEvery, logEvery, keepCheckpoints, samplesPerClass, network, discriminator,
                training, graphOptimizations, List.of());
    }

    public TrainingRunConfig {
        levelDraw = levelDraw == null ? List.of() : List.copyOf(levelDraw);
        Objects.requireNonNull(network, "training run: network must not be null");
        Objects.requireNonNull(discriminator, "training run: discriminator must not be null");
        Objects.requireNonNull(training, "training run: training must not be null");
        requireAtLeast("steps", steps, 1);
        requireAtLeast("checkpointEvery", checkpointEvery, 1);
        requireAtLeast("sampleEvery", sampleEvery, 1);
        requireAtLeast("logEvery", logEvery, 1);
        requireAtLeast("keepCheckpoints", keepCheckpoints, 1);
        requireAtLeast("samplesPerClass", samplesPerClass, 1);
        if (discriminator.imageChannels() != network.imageChannels()
                || discriminator.numClasses() != network.numClasses()) {
            throw new IllegalArgumentException("training run: the discriminator (" + discriminator.imageChannels()
                    + " channels, " + discriminator.numClasses() + " classes) must match the network ("
                    + network.imageChannels() + " channels, " + network.numClasses() + " classes)");
        }
        for (int level : levelDraw) {
            if (level < 1 || level > training.levels()) {
                throw new IllegalArgumentException("training run: levelDraw holds level " + level + ", outside 1.."
                        + training.levels());
            }
        }
    }

    /** The levels a step is drawn from, uniformly over the array ({@link #levelDraw}, or {@code 1..L} if empty). */
    public int[] levelsToDraw() {
        if (levelDraw.isEmpty()) {
            return IntStream.rangeClosed(1, training.levels()).toArray();
        }
        return levelDraw.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The same run with another step count. */
    public TrainingRunConfig withSteps(long newSteps) {
        return new TrainingRunConfig(newSteps, checkpointEvery, sampleEvery, logEvery, keepCheckpoints, samplesPerClass,
                network, discriminator, training, graphOptimizations, levelDraw);
    }

    /**
     * Whether a checkpoint written under {@code saved} can continue under this configuration: the networks and the
     * training hyper-parameters must be equal (the step count and the intervals may differ).
     *
     * @throws IllegalArgumentException naming the part that differs
     */
    public void requireResumableFrom(TrainingRunConfig saved) {
        if (!network.equals(saved.network)) {
            throw new IllegalArgumentException("the checkpoint was trained with network " + saved.network
                    + " but this run configures " + network + "; use another run directory or the saved settings");
        }
        if (!discriminator.equals(saved.discriminator)) {
            throw new IllegalArgumentException("the checkpoint was trained with discriminator " + saved.discriminator
                    + " but this run configures " + discriminator);
        }
        if (!training.equals(saved.training)) {
            throw new IllegalArgumentException("the checkpoint was trained with " + saved.training
                    + " but this run configures " + training + "; resuming must keep the training settings");
        }
    }

    private static void requireAtLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("training run: " + name + " = " + value + " must be >= " + min);
        }
    }
}
