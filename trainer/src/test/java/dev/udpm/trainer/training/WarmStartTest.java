package dev.udpm.trainer.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.latent.LatentShapes;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.InvalidModelException;
import dev.udpm.core.model.LatentBatch;
import dev.udpm.core.model.ModelFiles;
import dev.udpm.core.model.ModelLoader;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.core.net.NetworkWeights;
import dev.udpm.core.net.UNetConfig;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.trainer.data.ImageDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A new run initialised from an exported model ({@code TrainCommand --init-from}), tiny networks, real TensorFlow: one
 * tiny model trained {@value #STEPS} steps and exported is shared by the tests.
 */
class WarmStartTest {

    static final int STEPS = 3;
    private static final int[] LABELS = {0, 4, 9};

    @TempDir
    static Path shared;

    private static ImageDataset data;
    private static Path classifier;
    private static Path export;
    private static NetworkWeights exportedEma;
    private static NetworkWeights exportingRunDiscriminator;

    @BeforeAll
    static void trainAndExport() throws IOException {
        data = TrainingTestData.dataset(40, 5);
        classifier = TrainingTestData.classifier(shared.resolve("classifier"));
        export = shared.resolve("model");
        try (TrainingLoop loop = TrainingLoop.open(TrainingTestData.config(STEPS, 100, 100, 100), data,
                shared.resolve("first"), classifier, null, false)) {
            assertEquals(STEPS, loop.run());
            exportedEma = loop.emaWeights();
            exportingRunDiscriminator = loop.discriminatorWeights();
            loop.export(export, "tiny-export", "v1", Map.of());
        }
    }

    /** Another seed than the exporting run's: initial weights of its own, which the warm start must replace. */
    private static TrainingRunConfig otherSeed(long steps) {
        TrainingRunConfig base = TrainingTestData.config(steps, 100, 100, 100);
        return new TrainingRunConfig(steps, 100, 100, 100, 2, 2, base.network(), base.discriminator(),
                base.training().toBuilder().seed(99).build(), false);
    }

    private static LatentBatch fixedLatents() {
        return LatentBatch.of(new LatentGenerator(LatentShapes.of(Schedule.paperDefault(), 32, 1)).generate(77, 0, 3));
    }

    @Test
    void aNewRunInitialisedFromAnExportSamplesWhatTheExportGeneratesBeforeAnyUpdate() throws IOException {
        float[] expected;
        try (UdpmModel model = ModelLoader.load(export, DeviceOptions.cpu(0, 0))) {
            expected = model.generate(fixedLatents(), LABELS);
        }
        WarmStart warm = WarmStart.read(export, otherSeed(1), 32);
        InitFrom origin = new InitFrom("tiny-export", "v1", ModelFiles.sha256(export.resolve(ModelManifest.FILE_NAME)));
        assertEquals(origin, warm.origin());
        Path run = shared.resolve("warm");
        try (TrainingLoop loop = TrainingLoop.open(otherSeed(1), data, run, classifier, null, false, warm)) {
            assertEquals(0, loop.step());
            float[] sampled = loop.sample(fixedLatents(), LABELS);
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(sampled[i] - expected[i]));
            }
            assertTrue(worst < 1e-5, "new run's EMA chain at step 0 vs the exported model: max difference " + worst);
            assertSameWeights(exportedEma, loop.generatorWeights(), "generator");
            assertSameWeights(exportedEma, loop.emaWeights(), "EMA");
            String disc = exportingRunDiscriminator.names().iterator().next();
            assertFalse(Arrays.equals(exportingRunDiscriminator.values(disc), loop.discriminatorWeights().values(disc)),
                    "the discriminator starts fresh (seed 99), not from the exporting run's");
            assertEquals(origin, loop.initFrom().orElseThrow());

            assertEquals(1, loop.run());
            ModelManifest next = loop.export(shared.resolve("model-next"), "tiny-export", "v2", Map.of());
            assertEquals(origin.toMap(), next.trainingConfig().get("initFrom"), "the export records where it started");
            assertEquals(origin, Checkpoints.readState(loop.checkpoints().latest().orElseThrow()).initFrom());
        }
        try (TrainingLoop resumed = TrainingLoop.open(otherSeed(2), data, run, classifier, null, true)) {
            assertEquals(1, resumed.step());
            assertEquals(origin, resumed.initFrom().orElseThrow(), "a resume keeps the origin its checkpoint records");
        }
        try (TrainingLoop scratch = TrainingLoop.open(otherSeed(1), data, shared.resolve("scratch"), classifier, null,
                false)) {
            assertTrue(scratch.initFrom().isEmpty());
            String first = exportedEma.names().iterator().next();
            assertFalse(Arrays.equals(exportedEma.values(first), scratch.emaWeights().values(first)),
                    "without --init-from the run starts from its own random weights");
        }
    }

    @Test
    void aNetworkOrImageSizeOtherThanTheExportsIsRefusedNamingTheField() {
        TrainingRunConfig base = otherSeed(1);
        TrainingRunConfig wider = new TrainingRunConfig(1, 100, 100, 100, 2, 2,
                new UNetConfig(1, 8, List.of(1, 1), 1, 2, true, 8, 10), base.discriminator(), base.training(), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WarmStart.read(export, wider, 32));
        assertTrue(e.getMessage().startsWith("network.baseWidth is 4 in the manifest of tiny-export/v1"),
                e.getMessage());
        assertTrue(e.getMessage().contains("but 8 in this run"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WarmStart.read(export, base, 64));
        assertTrue(e.getMessage().startsWith("imageSize is 32 in the manifest"), e.getMessage());
    }

    @Test
    void aChangedFileOfTheExportIsRefusedBeforeAnythingLoads() throws IOException {
        Path copy = shared.resolve("tampered");
        for (String file : ModelFiles.list(export)) {
            Files.createDirectories(copy.resolve(file).getParent());
            Files.copy(export.resolve(file), copy.resolve(file));
        }
        Files.copy(export.resolve(ModelManifest.FILE_NAME), copy.resolve(ModelManifest.FILE_NAME));
        Path data0 = copy.resolve("variables/variables.data-00000-of-00001");
        byte[] bytes = Files.readAllBytes(data0);
        bytes[bytes.length / 2] ^= 1;
        Files.write(data0, bytes);
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> WarmStart.read(copy, otherSeed(1), 32));
        assertEquals("variables/variables.data-00000-of-00001", e.file());
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void aResumeFromAnExportIsRefusedByTheLoop() throws IOException {
        WarmStart warm = WarmStart.read(export, otherSeed(1), 32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingLoop.open(otherSeed(1),
                data, shared.resolve("never"), classifier, null, true, warm));
        assertTrue(e.getMessage().contains("continues its checkpoint"), e.getMessage());
        assertFalse(Files.exists(shared.resolve("never")), "nothing is built or written");
    }

    /** The command: --init-from with 1 step records the origin in the export; a mismatched network is refused. */
    @Test
    void theCommandStartsFromTheExportAndRefusesAnotherNetworkNamingTheField() throws IOException {
        Path folder = imageFolder(shared.resolve("images"));
        String[] common = {"--dataset", "folder", "--data", folder.toString(), "--image-size", "32", "--channels", "1",
            "--steps", "1", "--batch", "4", "--perceptual", "0", "--graph-optimizations", "false", "--init-from",
            export.toString()};
        StringWriter err = new StringWriter();
        int code = command(err).execute(concat(common, "--out", shared.resolve("cmd-default").toString(),
                "--network", "default"));
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("--init-from " + export + ": network.baseWidth is 4 in the manifest of"
                + " tiny-export/v1"), err.toString());
        assertFalse(Files.exists(shared.resolve("cmd-default").resolve(Checkpoints.DIRECTORY)));

        Path model = shared.resolve("cmd-model");
        err = new StringWriter();
        code = command(err).execute(concat(common, "--out", shared.resolve("cmd").toString(), "--network", "tiny",
                "--export", model.toString(), "--name", "tiny-next", "--version", "v2", "--eval-per-class", "0"));
        assertEquals(0, code, err.toString());
        JsonNode manifest = Json.mapper().readTree(model.resolve(ModelManifest.FILE_NAME).toFile());
        JsonNode initFrom = manifest.at("/trainingConfig/initFrom");
        assertEquals("tiny-export", initFrom.path("name").asText());
        assertEquals("v1", initFrom.path("version").asText());
        assertEquals(ModelFiles.sha256(export.resolve(ModelManifest.FILE_NAME)), initFrom.path("manifestSha256")
                .asText());
    }

    @Test
    void theCommandRefusesInitFromWithResume() {
        StringWriter err = new StringWriter();
        int code = command(err).execute("--out", shared.resolve("cmd-resume").toString(), "--resume", "--init-from",
                export.toString());
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("--init-from cannot be combined with --resume: a resume always continues"
                + " its checkpoint"), err.toString());
    }

    private static CommandLine command(StringWriter err) {
        return new CommandLine(new TrainCommand()).setErr(new PrintWriter(err, true));
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** 10 class folders of 2 gray 32x32 PNGs: the classes the tiny export was trained on. */
    private static Path imageFolder(Path root) {
        try {
            for (int c = 0; c < 10; c++) {
                Path dir = Files.createDirectories(root.resolve("class" + c));
                for (int i = 0; i < 2; i++) {
                    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
                    for (int y = 3 * c; y < 3 * c + 2; y++) {
                        for (int x = 0; x < 32; x++) {
                            image.getRaster().setSample(x, y, 0, 200 + 20 * i);
                        }
                    }
                    ImageIO.write(image, "png", dir.resolve(i + ".png").toFile());
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertSameWeights(NetworkWeights expected, NetworkWeights actual, String what) {
        assertEquals(expected.names(), actual.names(), what);
        for (String name : expected.names()) {
            assertArrayEquals(expected.values(name), actual.values(name), what + " " + name);
        }
    }
}
