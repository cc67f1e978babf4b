package dev.udpm.worker.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.ManifestVerifier;
import dev.udpm.core.model.ModelLoader;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.schemas.model.ModelManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trained model packaged in the worker's jar: unpacked intact, and it generates images of every class. */
class PackagedModelTest {

    @TempDir
    Path cache;

    @Test
    void packagedModelUnpacksWithEveryChecksumAndGeneratesDistinctClasses() throws Exception {
        Path dir = PackagedModel.extract(cache, getClass().getClassLoader())
                .orElseThrow(() -> new AssertionError("the worker build packages no model under "
                        + PackagedModel.RESOURCE_ROOT + " (models/fashion-mnist in the repository)"));
        ModelManifest manifest = ManifestVerifier.verify(dir);
        assertEquals("fashion-mnist", manifest.name());
        assertEquals(dir, cache.resolve("packaged/fashion-mnist").resolve(manifest.version()));
        assertEquals(10, manifest.numClasses());
        Double accuracy = manifest.metrics().get("conditionalAccuracy");
        assertTrue(accuracy != null && accuracy >= 0.9, "the shipped model must be evaluated (models/README.md) and"
                + " reach >= 90% conditional accuracy: " + manifest.metrics());
        assertTrue(manifest.metrics().get("fd") < manifest.metrics().get("fdBlurred4x4"),
                "the shipped model's FD must beat the 4x4-blur baseline: " + manifest.metrics());

        try (UdpmModel model = ModelLoader.load(dir, DeviceOptions.defaults())) {
            int perClass = 2;
            int[] labels = new int[10 * perClass];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i / perClass;
            }
            float[] images = model.generate(new LatentGenerator(model.latentShapes()).generate(7, 0, labels.length),
                    labels);
            int pixels = 32 * 32;
            for (int i = 0; i < labels.length; i++) {
                double sum = 0;
                double sumSq = 0;
                for (int p = 0; p < pixels; p++) {
                    float v = images[i * pixels + p];
                    assertTrue(v >= -1 && v <= 1, "pixel " + v + " outside [-1, 1]");
                    sum += v;
                    sumSq += v * v;
                }
                double mean = sum / pixels;
                double std = Math.sqrt(sumSq / pixels - mean * mean);
                // A blank image has std ~0; every real Fashion-MNIST training image (padded to 32x32, [-1, 1]) has
                // std >= 0.119 (the dimmest shirt; 1st percentile per class 0.21-0.40).
                assertTrue(std > 0.1, "image " + i + " (class " + labels[i] + ") is almost flat: std " + std);
            }
            // A class-conditional model draws two images of one class closer than images of different classes.
            double within = 0;
            double across = 0;
            int withinPairs = 0;
            int acrossPairs = 0;
            for (int i = 0; i < labels.length; i++) {
                for (int j = i + 1; j < labels.length; j++) {
                    double d = 0;
                    for (int p = 0; p < pixels; p++) {
                        double diff = images[i * pixels + p] - images[j * pixels + p];
                        d += diff * diff;
                    }
                    if (labels[i] == labels[j]) {
                        within += Math.sqrt(d);
                        withinPairs++;
                    } else {
                        across += Math.sqrt(d);
                        acrossPairs++;
                    }
                }
            }
            double ratio = (within / withinPairs) / (across / acrossPairs);
            assertTrue(ratio < 0.75, "images of one class are not closer than images of different classes:"
                    + " mean distance ratio within / across = " + ratio);
        }
    }

    /**
     * The figures a dataset-synthesis user relies on, recorded in the packaged manifest by the independent evaluation
     * at 500 images per class (models/README.md), never fall below those of the model it replaced (v3: CAS ratio
     * 0.929, within-class variance ratio 0.88 / 0.81 / 0.73 / 0.69, independent FD 4.07; the floors below are those
     * figures rounded toward worse). Issue 13's targets (variance ratio 0.8 at every scale, FD a third of v1's) are
     * not all reached yet; this floor is what shipping promised.
     */
    @Test
    void thePackagedModelsRecordedDatasetFiguresAreAtLeastThoseOfTheModelItReplaced() throws Exception {
        Path dir = PackagedModel.extract(cache, getClass().getClassLoader()).orElseThrow();
        var metrics = ManifestVerifier.verify(dir).metrics();
        assertTrue(metrics.getOrDefault("casPerClass", 0.0) >= 500 && metrics.getOrDefault("evalImages", 0.0) >= 5000,
                "evaluated at 500 images per class: " + metrics);
        assertTrue(metrics.get("casRatio") >= 0.928, "CAS ratio " + metrics.get("casRatio"));
        assertTrue(metrics.get("fdIndependent") <= 4.07, "independent FD " + metrics.get("fdIndependent"));
        double[] floor = {0.88, 0.81, 0.72, 0.69};
        int[] scales = {4, 8, 16, 32};
        for (int i = 0; i < scales.length; i++) {
            Double ratio = metrics.get("varianceRatio" + scales[i]);
            assertTrue(ratio != null && ratio >= floor[i], "within-class variance ratio at " + scales[i] + "x"
                    + scales[i] + ": " + ratio + " < " + floor[i]);
        }
        assertTrue(metrics.get("conditionalAccuracyIndependent") >= 0.90, "conditional accuracy " + metrics);
    }

    /** A restart reuses the copy an earlier start left, unless a file of it no longer matches its sha256. */
    @Test
    void anIntactEarlierCopyIsReusedAndADamagedOneCopiedAgain() throws Exception {
        Path dir = PackagedModel.extract(cache, getClass().getClassLoader()).orElseThrow();
        Path variables = dir.resolve("variables/variables.index");
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(variables, old);
        assertEquals(dir, PackagedModel.extract(cache, getClass().getClassLoader()).orElseThrow());
        assertEquals(old, Files.getLastModifiedTime(variables), "an intact copy is not written again");

        byte[] intact = Files.readAllBytes(variables);
        byte[] damaged = intact.clone();
        damaged[damaged.length / 2] ^= 1;
        Files.write(variables, damaged);
        PackagedModel.extract(cache, getClass().getClassLoader()).orElseThrow();
        assertArrayEquals(intact, Files.readAllBytes(variables), "a damaged copy is replaced");
        ManifestVerifier.verify(dir);
    }

    @Test
    void aBuildWithoutPackagedModelYieldsNone() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[] {cache.toUri().toURL()}, null)) {
            assertEquals(Optional.empty(), PackagedModel.extract(cache.resolve("out"), empty));
        }
    }

    @Test
    void aManifestListingAMissingFileIsRefusedNamingIt() throws Exception {
        Path root = Files.createDirectories(cache.resolve("cp").resolve(PackagedModel.RESOURCE_ROOT));
        try (var in = getClass().getClassLoader().getResourceAsStream(PackagedModel.RESOURCE_ROOT + "manifest.json")) {
            Files.copy(in, root.resolve("manifest.json"));
        }
        try (URLClassLoader partial = new URLClassLoader(new URL[] {cache.resolve("cp").toUri().toURL()}, null)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> PackagedModel.extract(cache.resolve("out"), partial));
            assertTrue(e.getCause().getMessage().contains("saved_model.pb"), e.getCause().getMessage());
            assertTrue(Files.notExists(cache.resolve("out/packaged/fashion-mnist")
                    .resolve(versionIn(root)).resolve("manifest.json")), "no manifest for an incomplete copy");
        }
    }

    private static String versionIn(Path root) throws Exception {
        return dev.udpm.schemas.validation.ContractValidator.shared()
                .parseModelManifest(Files.readString(root.resolve("manifest.json"))).version();
    }
}
