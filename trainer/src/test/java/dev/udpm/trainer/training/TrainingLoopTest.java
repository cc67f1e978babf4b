package dev.udpm.trainer.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.LatentBatch;
import dev.udpm.core.model.ModelLoader;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.core.net.NetworkWeights;
import dev.udpm.core.train.TrainingConfig;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.trainer.data.ImageDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop end to end on tiny networks (32x32x1, 10 classes, batch 4). One uninterrupted reference run of
 * {@value #STEPS} steps is shared; the other tests compare against it or inspect its folder.
 */
class TrainingLoopTest {

    static final int STEPS = 6;

    @TempDir
    static Path shared;

    private static ImageDataset data;
    private static Path classifier;
    private static Path referenceRun;
    private static Weights reference;
    private static List<LossHistory.Entry> referenceHistory;
    private static final int[] EXPORT_LABELS = {0, 4, 9};
    private static ModelManifest exported;
    private static float[] previewOfExportLatents;
    private static final List<TrainingProgress> progress = new ArrayList<>();
    private static final List<Long> checkpointEvents = new ArrayList<>();
    private static final List<Path> sampleEvents = new ArrayList<>();

    @BeforeAll
    static void trainReference() {
        data = TrainingTestData.dataset(40, 5);
        classifier = TrainingTestData.classifier(shared.resolve("classifier"));
        referenceRun = shared.resolve("reference");
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onProgress(TrainingProgress p) {
                progress.add(p);
            }

            @Override
            public void onCheckpoint(long step, Path checkpoint) {
                checkpointEvents.add(step);
            }

            @Override
            public void onSamples(long step, Path sampleGrid, Path lossCurve) {
                sampleEvents.add(sampleGrid);
            }
        };
        try (TrainingLoop loop = TrainingLoop.open(TrainingTestData.config(STEPS, 2, 3, 2), data, referenceRun,
                classifier, listener, false)) {
            assertEquals(STEPS, loop.run());
            reference = Weights.of(loop);
            referenceHistory = loop.history();
            exported = loop.export(shared.resolve("model"), "test-model", "v1",
                    Map.of("fd", 12.5, "conditionalAccuracy", Double.NaN));
            previewOfExportLatents = loop.sample(exportLatents(), EXPORT_LABELS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static LatentBatch exportLatents() {
        return LatentBatch.of(new LatentGenerator(dev.udpm.core.latent.LatentShapes.of(
                dev.udpm.core.math.Schedule.paperDefault(), 32, 1)).generate(77, 0, 3));
    }

    @Test
    void theSameSeedGivesBitIdenticalWeights() {
        try (TrainingLoop loop = TrainingLoop.open(TrainingTestData.config(STEPS, 100, 100, 2), data,
                shared.resolve("again"), classifier, null, false)) {
            loop.run();
            reference.assertEqualTo(Weights.of(loop), "a second run with the same seed");
        }
    }

    @Test
    void aStopAtStep3ThenRestoreAndContinueEqualsTheUninterruptedRun() {
        Path run = shared.resolve("interrupted");
        var holder = new Object() {
            TrainingLoop loop;
        };
        TrainingListener stopAtFirstPreview = new TrainingListener() {
            @Override
            public void onSamples(long step, Path sampleGrid, Path lossCurve) {
                holder.loop.requestStop(); // previews every 3 steps: stop at step 3, inside the logging window (2, 4]
            }
        };
        try (TrainingLoop first = TrainingLoop.open(TrainingTestData.config(STEPS, 2, 3, 2), data, run, classifier,
                stopAtFirstPreview, false)) {
            holder.loop = first;
            assertEquals(3, first.run(), "a stop request ends the run after the current step");
            assertEquals(List.of(2L, 3L), new Checkpoints(run, 5).list().stream().map(Checkpoints::stepOf).toList(),
                    "the regular checkpoint of step 2 and the stop checkpoint of step 3");
        }
        try (TrainingLoop resumed = TrainingLoop.open(TrainingTestData.config(STEPS, 2, 3, 2), data, run, classifier,
                null, true)) {
            assertEquals(3, resumed.step(), "resumed from the newest checkpoint");
            assertEquals(STEPS, resumed.run());
            reference.assertEqualTo(Weights.of(resumed), "3 steps + stop + checkpoint + restore + 3 steps");
            assertEquals(referenceHistory.size(), resumed.history().size());
            for (int i = 0; i < referenceHistory.size(); i++) {
                assertEquals(referenceHistory.get(i).step(), resumed.history().get(i).step());
                assertEquals(referenceHistory.get(i).byLevel(), resumed.history().get(i).byLevel(),
                        "loss window " + i + ": the open window (step 3) survives the checkpoint");
            }
        }
    }

    @Test
    void checkpointsAreCompleteFoldersAndOnlyTheNewestAreKept() throws IOException {
        Checkpoints checkpoints = new Checkpoints(referenceRun, 2);
        List<Long> steps = checkpoints.list().stream().map(Checkpoints::stepOf).toList();
        assertEquals(List.of(4L, 6L), steps, "checkpoints every 2 steps, keep 2");
        assertEquals(List.of(2L, 4L, 6L), checkpointEvents);
        Path newest = checkpoints.latest().orElseThrow();
        for (String file : List.of("model.index", "model.data-00000-of-00001", "state.json")) {
            assertTrue(Files.isRegularFile(newest.resolve(file)), file + " in " + newest);
        }
        TrainingState state = Checkpoints.readState(newest);
        assertEquals(6, state.step());
        assertEquals(TrainingTestData.config(STEPS, 2, 3, 2), state.config());
        assertEquals(3, state.history().entries().size());
    }

    @Test
    void progressIsReportedWithLossesRateAndEta() {
        assertEquals(List.of(2L, 4L, 6L), progress.stream().map(TrainingProgress::step).toList());
        TrainingProgress last = progress.get(progress.size() - 1);
        assertEquals(STEPS, last.totalSteps());
        assertTrue(last.imagesPerSecond() > 0, "images/s " + last.imagesPerSecond());
        assertEquals(0, last.eta().getSeconds(), "nothing left at the last step");
        assertTrue(progress.get(0).eta().toMillis() > 0, "ETA before the end");
        assertTrue(last.losses().containsKey("d.real") && last.losses().containsKey("g.total"), last.losses().toString());
        assertTrue(last.summary().startsWith("step 6/6 (100.0%) | G"), last.summary());
    }

    @Test
    void sampleGridAndLossCurveArePngsNextToTheCheckpoints() throws IOException {
        assertEquals(List.of(referenceRun.resolve("samples/step-000000003.png"),
                referenceRun.resolve("samples/step-000000006.png")), sampleEvents);
        BufferedImage grid = ImageIO.read(sampleEvents.get(1).toFile());
        // 2 columns x 10 class rows of 32x32 tiles with 2 px padding
        assertEquals(2 * 32 + 3 * 2, grid.getWidth());
        assertEquals(10 * 32 + 11 * 2, grid.getHeight());
        BufferedImage curve = ImageIO.read(referenceRun.resolve(TrainingLoop.LOSS_CURVE).toFile());
        assertEquals(1200, curve.getWidth());
        assertEquals(600, curve.getHeight());
    }

    @Test
    void exportedModelLoadsAndGeneratesWhatTheEmaWeightsSample() throws IOException {
        assertEquals(Map.of("fd", 12.5), exported.metrics(), "non-finite metrics are left out");
        assertEquals(java.util.stream.IntStream.range(0, 10).mapToObj(c -> "band" + c).toList(), exported.classNames(),
                "the training set's class names, in label order");
        assertEquals(6L, ((Number) exported.trainingConfig().get("stepsTrained")).longValue());
        assertEquals(24L, ((Number) exported.trainingConfig().get("imagesSeen")).longValue());
        try (UdpmModel model = ModelLoader.load(shared.resolve("model"), DeviceOptions.cpu(0, 0))) {
            float[] images = model.generate(exportLatents(), EXPORT_LABELS);
            assertEquals(3 * 32 * 32, images.length);
            // the loop's own preview chain on the EMA weights computed the same images
            double worst = 0;
            for (int i = 0; i < images.length; i++) {
                worst = Math.max(worst, Math.abs(images[i] - previewOfExportLatents[i]));
            }
            assertTrue(worst < 1e-5, "exported model vs training-graph EMA chain: max difference " + worst);
        }
    }

    @Test
    void aFolderWithCheckpointsIsOnlyReopenedToResumeWithTheSameSettings() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrainingLoop.open(
                TrainingTestData.config(STEPS, 2, 3, 2), data, referenceRun, classifier, null, false));
        assertTrue(e.getMessage().contains("resume"), e.getMessage());
        TrainingRunConfig base = TrainingTestData.config(STEPS, 2, 3, 2);
        TrainingConfig otherLr = base.training().toBuilder().learningRates(5e-4, 1e-3).build();
        TrainingRunConfig changed = new TrainingRunConfig(STEPS, 2, 3, 2, 2, 2, base.network(), base.discriminator(),
                otherLr, false);
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> TrainingLoop.open(changed, data, referenceRun, classifier, null, true));
        assertTrue(mismatch.getMessage().contains("generatorLearningRate"), mismatch.getMessage());
    }

    /** Every trained variable group of a loop. */
    private record Weights(NetworkWeights generator, NetworkWeights discriminator, NetworkWeights ema) {

        static Weights of(TrainingLoop loop) {
            return new Weights(loop.generatorWeights(), loop.discriminatorWeights(), loop.emaWeights());
        }

        void assertEqualTo(Weights other, String what) {
            compare(generator, other.generator, what + ": generator");
            compare(discriminator, other.discriminator, what + ": discriminator");
            compare(ema, other.ema, what + ": EMA");
        }

        private static void compare(NetworkWeights a, NetworkWeights b, String what) {
            assertEquals(a.names(), b.names(), what);
            for (String name : a.names()) {
                assertArrayEquals(a.values(name), b.values(name), what + " " + name + " must be bit-identical");
            }
        }
    }
}
