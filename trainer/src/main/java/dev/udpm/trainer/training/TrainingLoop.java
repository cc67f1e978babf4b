package dev.udpm.trainer.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.udpm.core.classifier.FeatureNetCheckpoint;
import dev.udpm.core.classifier.FeatureNetConfig;
import dev.udpm.core.image.GridLayout;
import dev.udpm.core.image.ImageGrid;
import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.latent.LatentShapes;
import dev.udpm.core.math.Hwc;
import dev.udpm.core.math.PosteriorMode;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.model.LatentBatch;
import dev.udpm.core.model.ModelExporter;
import dev.udpm.core.model.ModelSpec;
import dev.udpm.core.net.NetworkWeights;
import dev.udpm.core.net.WeightLoader;
import dev.udpm.core.train.StepLosses;
import dev.udpm.core.train.TrainingGraph;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.trainer.data.ImageDataset;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * Trains a UDPM model on a local machine: one {@link TrainingGraph} and session, fed step by step from an
 * {@link ImageDataset} (docs/method.md#4-network-and-training). Plain Java: configuration in ({@link TrainingRunConfig}), progress
 * out ({@link TrainingListener} and log lines through {@link System.Logger}), checkpoints and previews in a local run
 * folder, export through {@link ModelExporter}.
 *
 * <p>One iteration {@code t} (1-based): draw {@code (batch, l, eps, instance noise)} from {@link StepRandomness}
 * keyed by {@code (seed, t)}; one discriminator step, one generator step, one EMA update. Because nothing random
 * carries over between steps and a checkpoint holds every variable (weights, Adam moments, EMA), a run resumed from the
 * checkpoint of step {@code k} continues exactly as the uninterrupted run (bit-identical on one machine; see the tests).
 *
 * <p>Run folder layout:
 * <pre>
 *   checkpoints/step-000001000/{model.index, model.data-*, state.json}    every checkpointEvery steps (Checkpoints)
 *   samples/step-000001000.png     EMA samples, one row per class, fixed latents    every sampleEvery steps
 *   loss-curve.png                 the loss history (LossCurvePlot)                   every sampleEvery steps
 * </pre>
 *
 * <p>Threading: {@link #requestStop()} may be called from any thread; everything else belongs to one thread at a time.
 */
public final class TrainingLoop implements AutoCloseable {

    /** Name of the samples folder in the run folder. */
    public static final String SAMPLES_DIRECTORY = "samples";
    /** Name of the loss-curve image in the run folder. */
    public static final String LOSS_CURVE = "loss-curve.png";

    private static final System.Logger LOG = System.getLogger(TrainingLoop.class.getName());
    private static final int UNCONDITIONAL_ROWS = 8;

    private final TrainingRunConfig config;
    private final ImageDataset data;
    private final Path runDirectory;
    private final TrainingListener listener;
    private final Schedule schedule = Schedule.paperDefault();
    private final Graph graph;
    private final Session session;
    private final TrainingGraph training;
    private final Checkpoints checkpoints;
    private final StepRandomness random;
    private final LatentBatch sampleLatents;
    private final int[] sampleLabels;
    private final int sampleColumns;
    private final WeightLoader generatorLoader;
    private InitFrom initFrom;
    private LossHistory history = new LossHistory();
    private long step;
    private double trainingSeconds;
    private long lastCheckpointStep = -1;
    private long lastSampleStep = -1;
    private volatile boolean stopRequested;

    private TrainingLoop(TrainingRunConfig config, ImageDataset data, Path runDirectory, Path classifierDir,
            TrainingListener listener, boolean warmStart) {
        this.config = config;
        this.data = data;
        this.runDirectory = runDirectory;
        this.listener = listener;
        this.checkpoints = new Checkpoints(runDirectory, config.keepCheckpoints());
        this.random = new StepRandomness(config.training().seed(), data, config.training().batchSize(),
                config.levelsToDraw());
        FeatureNetConfig perceptual = null;
        if (config.training().usesPerceptualLoss()) {
            if (classifierDir == null) {
                throw new IllegalArgumentException("the perceptual weights " + config.training().perceptualWeights()
                        + " need the trained classifier: give its folder (ClassifierTrainingCommand --out) or set the"
                        + " perceptual weights to 0");
            }
            perceptual = FeatureNetCheckpoint.readConfig(classifierDir);
        }
        this.graph = new Graph();
        try {
            this.training = TrainingGraph.build(Ops.create(graph), schedule, data.imageSize(), config.network(),
                    config.discriminator(), perceptual, config.training());
            // only a warm start adds the generator's load ops (before the session first runs the graph)
            this.generatorLoader = warmStart ? training.generator().parameters().weightLoader(Ops.create(graph)) : null;
            this.session = new Session(graph, sessionConfig(config.graphOptimizations()));
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
        int rows = config.network().conditional() ? config.network().numClasses() : UNCONDITIONAL_ROWS;
        this.sampleColumns = config.samplesPerClass();
        LatentGenerator generator = new LatentGenerator(LatentShapes.of(schedule, data.imageSize(), data.channels()));
        this.sampleLatents = LatentBatch.of(generator.generate(config.training().seed(), 0, rows * sampleColumns));
        this.sampleLabels = new int[rows * sampleColumns];
        for (int i = 0; i < sampleLabels.length; i++) {
            sampleLabels[i] = config.network().conditional() ? i / sampleColumns : 0;
        }
    }

    /**
     * Builds the training graph and session for {@code config} on {@code data} in {@code runDirectory}: either from
     * scratch (seeded initial weights, EMA = weights, classifier restored into the perceptual net) or, with
     * {@code resume}, from the newest checkpoint of the folder if there is one.
     *
     * @param classifierDir the evaluation classifier's folder (its FeatureNet drives the perceptual loss); may be null
     *     when every perceptual weight is 0
     * @throws IllegalArgumentException if the dataset does not fit the network, the classifier folder is missing, or
     *     the checkpoint was trained with other settings
     * @throws IllegalStateException if the folder holds checkpoints and {@code resume} is false
     */
    public static TrainingLoop open(TrainingRunConfig config, ImageDataset data, Path runDirectory, Path classifierDir,
            TrainingListener listener, boolean resume) {
        return open(config, data, runDirectory, classifierDir, listener, resume, null);
    }

    /**
     * As {@link #open(TrainingRunConfig, ImageDataset, Path, Path, TrainingListener, boolean)}; with a
     * {@code warmStart} the new run's generator and EMA weights start from the exported model's weights instead of
     * random ones (discriminator, Adam moments and step count start fresh), and the run records the model it started
     * from ({@link #initFrom()}) in its checkpoints and exports. A resumed run keeps the origin its checkpoint records.
     *
     * @param warmStart the exported model to start from ({@link WarmStart#read}, which checks the configuration), or
     *     {@code null} for random initial weights
     * @throws IllegalArgumentException if both {@code resume} and {@code warmStart} are given: a resume always
     *     continues its checkpoint
     */
    public static TrainingLoop open(TrainingRunConfig config, ImageDataset data, Path runDirectory, Path classifierDir,
            TrainingListener listener, boolean resume, WarmStart warmStart) {
        if (resume && warmStart != null) {
            throw new IllegalArgumentException("a resumed run continues its checkpoint (and the weights it started"
                    + " from); initialising from an exported model starts a new run: resume without it, or start the"
                    + " new run in an empty folder");
        }
        requireFits(config, data);
        Checkpoints existing = new Checkpoints(runDirectory, config.keepCheckpoints());
        Optional<Path> latest = existing.latest();
        if (!resume && latest.isPresent()) {
            throw new IllegalStateException("run folder " + runDirectory + " already holds checkpoints (newest: "
                    + latest.get().getFileName() + "): resume it or choose an empty folder");
        }
        if (latest.isPresent()) {
            config.requireResumableFrom(Checkpoints.readState(latest.get()).config()); // before building anything
        }
        TrainingLoop loop = new TrainingLoop(config, data, runDirectory, classifierDir,
                listener == null ? TrainingListener.none() : listener, warmStart != null);
        try {
            if (latest.isPresent()) {
                loop.restore(latest.get());
            } else {
                loop.training.initialize(loop.session);
                if (config.training().usesPerceptualLoss()) {
                    loop.training.restorePerceptualNet(loop.session, classifierDir);
                }
                if (warmStart != null) {
                    loop.generatorLoader.load(loop.session, warmStart.weights());
                    loop.training.ema().resetToSource(loop.session); // EMA = generator = the exported weights
                    loop.initFrom = warmStart.origin();
                    LOG.log(Level.INFO, "generator and EMA weights start from {0}", warmStart.origin());
                }
                LOG.log(Level.INFO, "new run in {0}: generator {1} parameters, discriminator {2}, batch {3}, seed {4}",
                        runDirectory, loop.training.generator().parameterCount(),
                        loop.training.discriminator().parameters().parameterCount(), config.training().batchSize(),
                        config.training().seed());
            }
        } catch (RuntimeException e) {
            loop.close();
            throw e;
        }
        return loop;
    }

    private void restore(Path checkpoint) {
        TrainingState state = Checkpoints.readState(checkpoint);
        config.requireResumableFrom(state.config());
        session.restore(Checkpoints.modelPrefix(checkpoint));
        step = state.step();
        trainingSeconds = state.trainingSeconds();
        history = state.history();
        initFrom = state.initFrom();
        lastCheckpointStep = step;
        LOG.log(Level.INFO, "resumed {0} at step {1} ({2} of training so far)", runDirectory, step,
                TrainingProgress.format(Duration.ofMillis((long) (trainingSeconds * 1000))));
    }

    // ---- training -----------------------------------------------------------------------------------------

    /** Trains to {@link TrainingRunConfig#steps()} (or until {@link #requestStop()}); see {@link #runUntil}. */
    public long run() {
        return runUntil(config.steps());
    }

    /**
     * Trains from the current step to {@code lastStep}: checkpoints every {@code checkpointEvery} steps, previews every
     * {@code sampleEvery}, progress every {@code logEvery}, and at the end (also when stopped) a final checkpoint,
     * preview and progress report.
     *
     * @return the step reached
     * @throws TrainingDivergedException if a loss becomes NaN or infinite (the checkpoints on disk stay intact; this
     *     loop's session is then unusable: close it)
     */
    public long runUntil(long lastStep) {
        long windowStart = System.nanoTime();
        long windowStartStep = step;
        while (step < lastStep && !stopRequested) {
            long t = step + 1;
            StepRandomness.Draw draw = random.draw(t);
            long start = System.nanoTime();
            StepLosses d = training.discriminatorStep(session, draw.discriminator(), t);
            StepLosses g = training.generatorStep(session, draw.generator(), t);
            training.updateEma(session, t);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!d.allFinite() || !g.allFinite()) {
                throw new TrainingDivergedException(t, d, g, checkpoints.latest().map(Checkpoints::stepOf).orElse(0L));
            }
            step = t;
            trainingSeconds += seconds;
            history.add(d, g, seconds);
            if (t % config.logEvery() == 0) {
                report(history.close(t, config.training().batchSize()), lastStep, windowStart, windowStartStep);
                windowStart = System.nanoTime();
                windowStartStep = t;
            }
            if (t % config.checkpointEvery() == 0) {
                checkpoint();
            }
            if (t % config.sampleEvery() == 0) {
                writePreviews();
            }
        }
        if (history.openSteps() > 0) {
            report(history.peek(step, config.training().batchSize()), lastStep, windowStart, windowStartStep);
        }
        if (step > 0) {
            checkpoint();
            writePreviews();
        }
        stopRequested = false; // a stop request ends one run, including one made before it started
        return step;
    }

    /**
     * Asks the current (or next) {@link #runUntil} to stop after the step in progress; it then checkpoints and returns.
     * Any thread.
     */
    public void requestStop() {
        stopRequested = true;
    }

    private void report(LossHistory.Entry entry, long lastStep, long windowStart, long windowStartStep) {
        double wallPerStep = step > windowStartStep
                ? (System.nanoTime() - windowStart) / 1e9 / (step - windowStartStep) : 0;
        TrainingProgress progress = new TrainingProgress(step, lastStep, entry.overall(), entry.byLevel(),
                entry.imagesPerSecond(), Duration.ofMillis((long) (trainingSeconds * 1000)),
                Duration.ofMillis((long) (Math.max(0, lastStep - step) * wallPerStep * 1000)),
                config.training().generatorLearningRate(Math.max(1, step)),
                config.training().instanceNoiseStd(Math.max(1, step)));
        LOG.log(Level.INFO, progress.summary());
        listener.onProgress(progress);
    }

    // ---- checkpoints and previews ---------------------------------------------------------------------------

    /** Writes the checkpoint of the current step now (atomically; see {@link Checkpoints}). */
    public Path checkpoint() {
        Path written = checkpoints.write(new TrainingState(step, trainingSeconds, config, history, initFrom), session::save);
        if (lastCheckpointStep != step) {
            LOG.log(Level.INFO, "checkpoint {0}", written);
            listener.onCheckpoint(step, written);
        }
        lastCheckpointStep = step;
        return written;
    }

    /** Writes {@code samples/step-N.png} and {@code loss-curve.png} for the current step. */
    public void writePreviews() {
        if (lastSampleStep == step) {
            return;
        }
        Path grid = runDirectory.resolve(SAMPLES_DIRECTORY).resolve(Checkpoints.name(step) + ".png");
        Path curve = runDirectory.resolve(LOSS_CURVE);
        writeAtomically(grid, sampleGridPng());
        writeAtomically(curve, LossCurvePlot.render(history.entries()));
        lastSampleStep = step;
        listener.onSamples(step, grid, curve);
    }

    /**
     * A grid of EMA samples from fixed latents (image {@code i} of the grid uses the latents of index {@code i} under
     * the run's seed): one row per class, {@code samplesPerClass} columns; 8 rows for an unconditional model.
     */
    public byte[] sampleGridPng() {
        int n = sampleLabels.length;
        float[] images = training.sampleEma(session, sampleLatents, sampleLabels);
        int size = data.imageSize();
        int c = data.channels();
        List<Hwc> tiles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tiles.add(Hwc.fromFloats(size, size, c, images, i * size * size * c));
        }
        return ImageGrid.composePng(tiles, GridLayout.of(sampleColumns));
    }

    private static void writeAtomically(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, bytes);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    // ---- export ---------------------------------------------------------------------------------------------

    /**
     * Exports the EMA weights as a model version ({@link ModelExporter}: SavedModel, then {@code manifest.json}). The
     * manifest's {@code trainingConfig} holds the run configuration, the steps and images trained, the training time
     * and the parameter count, and, for a run started from an exported model, {@code initFrom} ({@link InitFrom}).
     *
     * @param directory a folder that does not exist or is empty
     * @param metrics evaluation metrics for the manifest (e.g. from {@link ModelEvaluation}); non-finite values are
     *     left out (JSON has no NaN)
     */
    public ModelManifest export(Path directory, String name, String version, Map<String, Double> metrics)
            throws IOException {
        Map<String, Object> trainingInfo = new LinkedHashMap<>(RunConfigJson.toMap(config));
        trainingInfo.put("stepsTrained", step);
        trainingInfo.put("imagesSeen", step * config.training().batchSize());
        trainingInfo.put("trainingSeconds", trainingSeconds);
        trainingInfo.put("parameterCount", training.generator().parameterCount());
        if (initFrom != null) {
            trainingInfo.put("initFrom", initFrom.toMap());
        }
        Map<String, Double> finite = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                finite.put(k, v);
            }
        });
        ModelSpec spec = new ModelSpec(name, version, Instant.now(), data.imageSize(), config.network(), schedule,
                PosteriorMode.EXACT, trainingInfo, finite,
                ManifestClassNames.of(data.classNames(), config.network().numClasses()));
        ModelManifest manifest = ModelExporter.export(directory, spec, emaWeights());
        LOG.log(Level.INFO, "exported {0}/{1} (step {2}) to {3}", name, version, step, directory);
        return manifest;
    }

    /**
     * Samples with the EMA weights through the training graph's preview chain (the exported model computes the same).
     *
     * @param labels one per image (ignored by an unconditional model)
     * @return {@code [N, S, S, C]} in [-1, 1]
     */
    public float[] sample(LatentBatch latents, int[] labels) {
        return training.sampleEma(session, latents, labels);
    }

    /** The EMA weights now (what {@link #export} writes). */
    public NetworkWeights emaWeights() {
        return training.emaWeights(session);
    }

    /** The raw (non-averaged) generator weights now. */
    public NetworkWeights generatorWeights() {
        return training.generator().parameters().read(session);
    }

    /** The discriminator weights now. */
    public NetworkWeights discriminatorWeights() {
        return training.discriminator().parameters().read(session);
    }

    // ---- accessors ------------------------------------------------------------------------------------------

    /** Completed steps. */
    public long step() {
        return step;
    }

    public TrainingRunConfig config() {
        return config;
    }

    /** The exported model this run's generator started from, if it did not start from random weights. */
    public Optional<InitFrom> initFrom() {
        return Optional.ofNullable(initFrom);
    }

    /** The closed loss-history windows. */
    public List<LossHistory.Entry> history() {
        return history.entries();
    }

    /** Wall time spent in training steps, over all resumptions. */
    public double trainingSeconds() {
        return trainingSeconds;
    }

    public Path runDirectory() {
        return runDirectory;
    }

    /** The checkpoints of the run folder. */
    public Checkpoints checkpoints() {
        return checkpoints;
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                session.close();
            }
        } finally {
            graph.close();
        }
    }

    private static void requireFits(TrainingRunConfig config, ImageDataset data) {
        var net = config.network();
        if (data.channels() != net.imageChannels()) {
            throw new IllegalArgumentException("the dataset has " + data.channels() + " channels but the network takes "
                    + net.imageChannels());
        }
        if (net.conditional() && data.numClasses() != net.numClasses()) {
            throw new IllegalArgumentException("the dataset has " + data.numClasses() + " classes but the network is"
                    + " conditional on " + net.numClasses() + "; set numClasses to " + data.numClasses()
                    + " (or 0 for an unconditional model)");
        }
    }

    private static ConfigProto sessionConfig(boolean graphOptimizations) {
        ConfigProto.Builder builder = ConfigProto.newBuilder();
        if (!graphOptimizations) {
            builder.setGraphOptions(GraphOptions.newBuilder()
                    .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)));
        }
        return builder.build();
    }
}
