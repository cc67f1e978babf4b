package dev.udpm.core.model;

import static dev.udpm.core.tf.TfEval.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.udpm.core.chain.SamplingGraph;
import dev.udpm.core.latent.LatentShapes;
import dev.udpm.core.math.PosteriorMode;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.net.NetworkWeights;
import dev.udpm.core.net.UNet;
import dev.udpm.core.net.UNetConfig;
import dev.udpm.core.tf.Tensors;
import dev.udpm.schemas.model.ModelManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class ModelRoundTripTest {

    private static final long SEED = 17;
    private static final int PIXELS = 32 * 32;

    @TempDir
    static Path temp;
    private static Path exported;
    private static UdpmModel model;

    @BeforeAll
    static void exportAndLoad() throws IOException {
        exported = temp.resolve("tiny");
        TinyModels.export(exported, SEED);
        // The in-graph references below run in a plain session (TensorFlow's own graph rewriting, remapper on), so
        // the exported model is loaded with the same rewriting: these tests check the export, not the remapper
        // (GraphTuningTest compares the two rewritings).
        model = ModelLoader.load(exported, DeviceOptions.cpu(0, 0).withTuning(GraphTuning.tensorflowDefaults()));
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void manifestListsEveryExportedFileWithItsDigestAndSize() throws IOException {
        ModelManifest m = model.manifest();
        List<String> paths = m.files().stream().map(ModelManifest.FileEntry::path).toList();
        assertEquals(ModelFiles.list(exported), paths);
        assertTrue(paths.contains("saved_model.pb") && paths.contains("variables/variables.index"), paths.toString());
        for (ModelManifest.FileEntry f : m.files()) {
            assertEquals(Files.size(exported.resolve(f.path())), f.size(), f.path());
            assertEquals(ModelFiles.sha256(exported.resolve(f.path())), f.sha256(), f.path());
        }
        assertEquals("serving_default", m.signature().key());
        assertEquals(List.of(-1L, 4L, 4L, 1L), m.signature().inputs().get("latent_3"));
        assertEquals(List.of(-1L, 32L, 32L, 1L), m.signature().outputs().get("image"));
        assertEquals(new ModelManifest.LatentShape(16, 16, 1), m.latentShape(1));
        assertEquals(List.of(0.5, 0.2, 1e-3), m.schedule().alpha());
        assertEquals(UNetConfig.tiny(1, 10), UNetConfig.fromMap(m.network()));
    }

    @Test
    void generationIsDeterministicAndEqualsTheInGraphChain() {
        LatentBatch latents = ModelTestData.latents(model.latentShapes(), 3, 5);
        int[] labels = {0, 4, 9};
        float[] first = model.generate(latents, labels);
        float[] second = model.generate(latents, labels);
        assertArrayEquals(first, second, 0f);
        assertEquals(3 * PIXELS, first.length);

        float[] inGraph = inGraphChain(UNetConfig.tiny(1, 10), SEED, latents, labels);
        assertTrue(maxAbsDiff(first, inGraph) < 1e-6, "exported model differs from the in-graph chain by "
                + maxAbsDiff(first, inGraph));
    }

    @Test
    void anImageDependsOnlyOnItsOwnLatentsAndLabel() {
        LatentShapes shapes = model.latentShapes();
        LatentBatch eight = ModelTestData.latents(shapes, 8, 6);
        int[] labels = {1, 2, 3, 4, 5, 6, 7, 8};
        float[] batch = model.generate(eight, labels);
        for (int position : new int[] {0, 3, 7}) {
            List<float[]> single = new ArrayList<>();
            for (int l = 1; l <= 3; l++) {
                single.add(ModelTestData.image(eight.level(l), position, shapes.elementCount(l)));
            }
            float[] alone = model.generate(LatentBatch.of(shapes, 1, single), new int[] {labels[position]});
            double diff = maxAbsDiff(alone, ModelTestData.image(batch, position, PIXELS));
            assertTrue(diff < 1e-5, "image " + position + " of the batch of 8 differs from batch of 1 by " + diff);
        }
    }

    @Test
    void theLatentsAndTheLabelEachChangeTheImage() {
        LatentBatch a = ModelTestData.latents(model.latentShapes(), 1, 7);
        LatentBatch b = ModelTestData.latents(model.latentShapes(), 1, 8);
        float[] base = model.generate(a, new int[] {2});
        assertTrue(maxAbsDiff(base, model.generate(b, new int[] {2})) > 1e-3, "latents ignored");
        assertTrue(maxAbsDiff(base, model.generate(a, new int[] {3})) > 1e-3, "label ignored");
    }

    @Test
    void previewsReturnEveryChainStateAtItsResolution() {
        LatentBatch latents = ModelTestData.latents(model.latentShapes(), 2, 9);
        UdpmModel.ChainOutput out = model.generateWithStates(latents, new int[] {1, 2});
        assertArrayEquals(model.generate(latents, new int[] {1, 2}), out.images(), 0f);
        assertEquals(2 * 16 * 16, out.states().get(1).length);
        assertEquals(2 * 8 * 8, out.states().get(2).length);
        assertEquals(2 * 4 * 4, out.states().get(3).length);
        // x_3 = sqrt(alphaBar_3^2 + sigmaBarSq_3) e_3
        float[] e3 = latents.level(3);
        assertEquals(0.3000000840 * e3[5], out.states().get(3)[5], 1e-6);
    }

    @Test
    void badLabelsAndLatentsAreRejected() {
        LatentBatch two = ModelTestData.latents(model.latentShapes(), 2, 1);
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> model.generate(two, new int[] {0, 10}));
        assertTrue(range.getMessage().contains("label 10"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.generate(two, new int[] {0}));
        LatentBatch otherSize = ModelTestData.latents(new LatentShapes(3, 64, 1), 1, 1);
        assertThrows(IllegalArgumentException.class, () -> model.generate(otherSize, new int[] {0}));
    }

    @Test
    void exportedTrainedWeightsAreTheWeightsThatRun() throws IOException {
        // "trained" weights = the initial weights of seed 99, read from another graph
        NetworkWeights weights;
        try (Graph g = new Graph(); Session s = new Session(g)) {
            weights = UNet.create(Ops.create(g), UNetConfig.tiny(1, 0), 99).parameters().read(s);
        }
        Path dir = temp.resolve("trained");
        ModelSpec spec = new ModelSpec("fashion", "v1", Instant.parse("2025-02-03T04:05:06Z"), 16,
                UNetConfig.tiny(1, 0), Schedule.paperDefault(), PosteriorMode.PAPER_CODE,
                Map.of("steps", 10), Map.of("fid", 12.5));
        ModelManifest manifest = ModelExporter.export(dir, spec, weights);
        assertEquals("PAPER_CODE", manifest.posteriorMode().name());
        assertEquals(12.5, manifest.metrics().get("fid"));
        try (UdpmModel trained = ModelLoader.load(dir,
                DeviceOptions.defaults().withTuning(GraphTuning.tensorflowDefaults()))) {
            LatentBatch latents = ModelTestData.latents(trained.latentShapes(), 2, 3);
            float[] images = trained.generate(latents, null);
            float[] expected = inGraphChain(UNetConfig.tiny(1, 0), 99, latents, new int[2], PosteriorMode.PAPER_CODE, 16);
            assertTrue(maxAbsDiff(images, expected) < 1e-6, "exported weights are not the weights given");
        }
        IOException notEmpty = assertThrows(IOException.class, () -> ModelExporter.export(dir, spec, weights));
        assertTrue(notEmpty.getMessage().contains("not empty"), notEmpty.getMessage());
    }

    @Test
    void anInvalidSpecIsRefusedBeforeAnythingIsWritten() {
        Path dir = temp.resolve("bad-name");
        ModelSpec spec = new ModelSpec("no spaces allowed", "v1", Instant.now(), 32, UNetConfig.tiny(1, 0),
                Schedule.paperDefault(), PosteriorMode.EXACT, Map.of(), Map.of());
        RuntimeException e = assertThrows(RuntimeException.class, () -> ModelExporter.exportInitialised(dir, spec, 1));
        assertTrue(e.getMessage().contains("/name"), e.getMessage());
        assertTrue(Files.notExists(dir), "nothing may be written for an invalid spec");
    }

    @Test
    void aClosedModelRefusesToGenerateAndClosingTwiceIsHarmless() throws IOException {
        UdpmModel other = ModelLoader.load(exported, DeviceOptions.cpu(1, 1));
        other.close();
        other.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> other.generate(ModelTestData.latents(other.latentShapes(), 1, 1), new int[] {0}));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    static float[] inGraphChain(UNetConfig config, long seed, LatentBatch latents, int[] labels) {
        return inGraphChain(config, seed, latents, labels, PosteriorMode.EXACT, 32);
    }

    static float[] inGraphChain(UNetConfig config, long seed, LatentBatch latents, int[] labels, PosteriorMode mode,
            int size) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            SamplingGraph chain = SamplingGraph.build(tf, UNet.create(tf, config, seed), Schedule.paperDefault(), mode,
                    size);
            List<TFloat32> inputs = new ArrayList<>();
            try (TInt32 y = Tensors.vector(labels)) {
                Session.Runner runner = s.runner().feed(chain.classLabels(), y);
                for (int l = 1; l <= 3; l++) {
                    int side = size >> l;
                    TFloat32 t = Tensors.nhwc(latents.level(l), latents.size(), side, side, config.imageChannels());
                    inputs.add(t);
                    runner.feed(chain.latent(l), t);
                }
                try (Result r = runner.fetch(chain.image()).run()) {
                    return Tensors.toFloats((TFloat32) r.get(0));
                }
            } finally {
                inputs.forEach(TFloat32::close);
            }
        }
    }
}
