package dev.udpm.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader refuses every damaged model directory BEFORE loading it, naming the file. */
class ModelVerificationTest {

    @TempDir
    static Path temp;
    private static Path original;

    @BeforeAll
    static void export() throws IOException {
        original = temp.resolve("original");
        TinyModels.export(original, 3);
    }

    @Test
    void theUntouchedExportVerifies() throws IOException {
        assertEquals("seed-3", ManifestVerifier.verify(copy("untouched")).version());
    }

    @Test
    void aTamperedFileIsRefusedByItsDigest() throws IOException {
        Path dir = copy("tampered");
        Path index = dir.resolve("variables/variables.index");
        byte[] bytes = Files.readAllBytes(index);
        bytes[bytes.length / 2] ^= 0x01; // same size, one bit flipped
        Files.write(index, bytes);
        assertRefused(dir, "variables/variables.index", "SHA-256");
    }

    @Test
    void aTruncatedFileIsRefusedByItsSize() throws IOException {
        Path dir = copy("truncated");
        Path pb = dir.resolve("saved_model.pb");
        byte[] bytes = Files.readAllBytes(pb);
        Files.write(pb, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        assertRefused(dir, "saved_model.pb", "bytes");
    }

    @Test
    void aMissingFileIsRefused() throws IOException {
        Path dir = copy("missing");
        Files.delete(dir.resolve("variables/variables.data-00000-of-00001"));
        assertRefused(dir, "variables/variables.data-00000-of-00001", "missing");
    }

    @Test
    void anExtraFileIsRefused() throws IOException {
        Path dir = copy("extra");
        Files.writeString(dir.resolve("variables/notes.txt"), "hello");
        assertRefused(dir, "variables/notes.txt", "not listed");
    }

    @Test
    void aMissingManifestIsRefused() throws IOException {
        Path dir = copy("no-manifest");
        Files.delete(dir.resolve("manifest.json"));
        assertRefused(dir, "manifest.json", "missing");
    }

    @Test
    void aManifestThatIsNotJsonIsRefused() throws IOException {
        Path dir = copy("not-json");
        Files.writeString(dir.resolve("manifest.json"), "{ this is not json", StandardOpenOption.TRUNCATE_EXISTING);
        assertRefused(dir, "manifest.json", "invalid manifest");
    }

    @Test
    void aManifestMissingARequiredFieldIsRefused() throws IOException {
        Path dir = copy("no-levels");
        editManifest(dir, "\"levels\" : 3,", "");
        assertRefused(dir, "manifest.json", "levels");
    }

    @Test
    void aManifestWithMalformedDigestIsRefused() throws IOException {
        Path dir = copy("bad-digest");
        String json = Files.readString(dir.resolve("manifest.json"));
        String digest = json.replaceAll("(?s).*\"sha256\" : \"([0-9a-f]{64})\".*", "$1");
        editManifest(dir, digest, "XYZ");
        assertRefused(dir, "manifest.json", "sha256");
    }

    @Test
    void aManifestWhoseLatentShapesContradictTheImageSizeIsRefused() throws IOException {
        Path dir = copy("bad-shapes");
        editManifest(dir, "\"imageSize\" : 32", "\"imageSize\" : 64");
        assertRefused(dir, "manifest.json", "latentShapes[0]");
    }

    @Test
    void aManifestWithAnotherSignatureIsRefused() throws IOException {
        Path dir = copy("bad-signature");
        editManifest(dir, "\"key\" : \"serving_default\"", "\"key\" : \"predict\"");
        assertRefused(dir, "manifest.json", "signature.key");
    }

    @Test
    void aManifestListingAPathOutsideTheModelIsRefused() throws IOException {
        Path dir = copy("escape");
        editManifest(dir, "\"path\" : \"saved_model.pb\"", "\"path\" : \"variables/../../original/saved_model.pb\"");
        assertRefused(dir, "manifest.json", "path");
    }

    private static void assertRefused(Path dir, String file, String reason) {
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> ModelLoader.load(dir, DeviceOptions.cpu(0, 0)).close());
        assertEquals(file, e.file(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), "'" + e.getMessage() + "' should mention '" + reason + "'");
    }

    private static void editManifest(Path dir, String from, String to) throws IOException {
        Path manifest = dir.resolve("manifest.json");
        String json = Files.readString(manifest, StandardCharsets.UTF_8);
        assertTrue(json.contains(from), "test setup: manifest lacks '" + from + "':\n" + json);
        Files.writeString(manifest, json.replace(from, to), StandardCharsets.UTF_8);
    }

    private static Path copy(String name) throws IOException {
        Path target = temp.resolve(name);
        try (Stream<Path> walk = Files.walk(original)) {
            for (Path source : walk.toList()) {
                Path dest = target.resolve(original.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(source, dest);
                }
            }
        }
        return target;
    }
}
