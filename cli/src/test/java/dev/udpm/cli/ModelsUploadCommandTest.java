package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code udpm models upload DIR} against the real S3 endpoint: a version stored for pinning, whole or not at all. */
class ModelsUploadCommandTest {

    @TempDir
    Path dir;

    @Test
    void aFolderIsStoredManifestLastAndAnUploadAgainSaysSo() throws Exception {
        String name = "upload-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] manifest = exportLike(dir, name, "v1");
        TestInfra.Result r = TestInfra.run("models", "upload", dir.toString());
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertTrue(r.out().contains("stored " + name + "/v1 in models/" + name + "/v1/ (2 files"), r.toString());
        assertTrue(r.out().contains("pin it with --model-version v1"), r.toString());
        try (ObjectStore store = TestInfra.store()) {
            assertArrayEquals(manifest, store.get(ModelManifest.keyOf(name, "v1")));
            assertArrayEquals(Files.readAllBytes(dir.resolve("variables/variables.index")),
                    store.get("models/" + name + "/v1/variables/variables.index"));
        }
        r = TestInfra.run("models", "upload", dir.toString());
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertTrue(r.out().contains("is already stored"), r.toString());
    }

    @Test
    void aChangedFileWritesNothingAndNamesTheFile() throws Exception {
        String name = "upload-bad-" + UUID.randomUUID().toString().substring(0, 8);
        exportLike(dir, name, "v1");
        Files.writeString(dir.resolve("variables/variables.index"), "changed");
        TestInfra.Result r = TestInfra.run("models", "upload", dir.toString());
        assertEquals(ExitCodes.VERIFY_FAILED, r.code(), r.toString());
        assertTrue(r.err().contains("variables/variables.index has SHA-256"), r.toString());
        try (ObjectStore store = TestInfra.store()) {
            assertFalse(store.exists(ModelManifest.keyOf(name, "v1")), "no manifest");
            assertFalse(store.exists("models/" + name + "/v1/saved_model.pb"), "no file either");
        }
    }

    @Test
    void anotherFolderUnderAStoredVersionIsRefused() throws Exception {
        String name = "upload-twice-" + UUID.randomUUID().toString().substring(0, 8);
        exportLike(dir, name, "v1");
        assertEquals(ExitCodes.OK, TestInfra.run("models", "upload", dir.toString()).code());
        Path other = dir.resolveSibling(dir.getFileName() + "-other");
        exportLike(other, name, "v1", "other weights");
        TestInfra.Result r = TestInfra.run("models", "upload", other.toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.code(), r.toString());
        assertTrue(r.err().contains("already holds another manifest") && r.err().contains("immutable"), r.toString());

        r = TestInfra.run("models", "upload", dir.resolve("variables").toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.code(), r.toString());
        assertTrue(r.err().contains("has no manifest.json"), r.toString());
    }

    private static byte[] exportLike(Path dir, String name, String version) throws Exception {
        return exportLike(dir, name, version, "weights");
    }

    /** The schema's example model manifest as {@code name}/{@code version}, listing two files written here. */
    private static byte[] exportLike(Path dir, String name, String version, String weights) throws Exception {
        Files.createDirectories(dir.resolve("variables"));
        byte[] graph = "graph".getBytes(StandardCharsets.UTF_8);
        byte[] index = weights.getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("saved_model.pb"), graph);
        Files.write(dir.resolve("variables/variables.index"), index);
        ObjectNode json = (ObjectNode) Json.mapper().readTree(
                Files.readString(Path.of("../schemas/examples/valid/model-manifest.json")));
        json.put("name", name).put("version", version);
        ArrayNode files = json.putArray("files");
        files.addObject().put("path", "saved_model.pb").put("sha256", Sha256.hex(graph)).put("size", graph.length);
        files.addObject().put("path", "variables/variables.index").put("sha256", Sha256.hex(index))
                .put("size", index.length);
        byte[] bytes = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
        Files.write(dir.resolve(ModelManifest.FILE_NAME), bytes);
        return bytes;
    }
}
