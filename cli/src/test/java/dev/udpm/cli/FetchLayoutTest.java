package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.SampleRecord;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.TarShard;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.Lineage;
import dev.udpm.schemas.job.ModelRef;
import dev.udpm.schemas.job.OutputFormat;
import dev.udpm.schemas.job.OutputOptions;
import dev.udpm.schemas.model.ManifestPosteriorMode;
import dev.udpm.storage.ObjectDigest;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code udpm fetch --layout} on a {@code shards} job put into the real S3 endpoint as the worker lays it out
 * (docs/datasets.md): tars kept, unpacked to PNGs, or sorted into label folders, every PNG checked against the index.
 */
class FetchLayoutTest {

    private static final Instant T = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path out;

    @Test
    void imagefolderPutsEveryImageUnderItsZeroPaddedLabelAndRemovesTheTars() throws Exception {
        String id = "l-if-" + UUID.randomUUID();
        List<byte[]> pngs = putShardsJob(id, List.of(0, 10), 3, false);
        TestInfra.Result r = TestInfra.run("fetch", id, "--out", out.toString(), "--layout", "imagefolder");
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertArrayEquals(pngs.get(0), Files.readAllBytes(out.resolve("00/000000.png")));
        assertArrayEquals(pngs.get(1), Files.readAllBytes(out.resolve("10/000001.png")));
        assertArrayEquals(pngs.get(2), Files.readAllBytes(out.resolve("00/000002.png")));
        assertFalse(Files.exists(out.resolve("tar")), "the unpacked tars are removed");
        assertTrue(Files.exists(out.resolve("index.jsonl")) && Files.exists(out.resolve("manifest.json")));
        assertTrue(r.out().contains("layout imagefolder: 3 images in 2 class folders"), r.toString());
        assertTrue(r.out().contains("model m/v1 has no manifest in the object store"), r.toString());
    }

    @Test
    void imagefolderNamesTheFoldersByTheModelsClassNamesWhenItsManifestIsTheOneTheJobRecorded() throws Exception {
        String model = "named-" + UUID.randomUUID().toString().substring(0, 8);
        String sha = putModelManifest(model);
        String id = "l-names-" + UUID.randomUUID();
        List<byte[]> pngs = putShardsJob(id, List.of(3, 8), 3, false, model, sha);
        TestInfra.Result r = TestInfra.run("fetch", id, "--out", out.toString(), "--layout", "imagefolder");
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertArrayEquals(pngs.get(0), Files.readAllBytes(out.resolve("cat/000000.png")));
        assertArrayEquals(pngs.get(1), Files.readAllBytes(out.resolve("ship/000001.png")));
        assertArrayEquals(pngs.get(2), Files.readAllBytes(out.resolve("cat/000002.png")));
        assertTrue(r.out().contains("layout imagefolder: 3 images in 2 class folders"), r.toString());
    }

    /** A bundled model is not in the object store: the class names its jobs' lineage recorded name the folders. */
    @Test
    void imagefolderNamesTheFoldersByTheClassNamesTheJobsLineageRecorded() throws Exception {
        String model = "bundled-" + UUID.randomUUID().toString().substring(0, 8);
        String id = "l-lineage-" + UUID.randomUUID();
        List<String> names = List.of("t-shirt_top", "trouser", "pullover", "dress", "coat", "sandal", "shirt",
                "sneaker", "bag", "ankle boot");
        String sha = "e".repeat(64);
        List<byte[]> pngs = putShardsJob(id, List.of(1, 9), 3, false, model, sha, names);
        TestInfra.Result r = TestInfra.run("fetch", id, "--out", out.toString(), "--layout", "imagefolder");
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertArrayEquals(pngs.get(0), Files.readAllBytes(out.resolve("trouser/000000.png")));
        assertArrayEquals(pngs.get(1), Files.readAllBytes(out.resolve("ankle boot/000001.png")));
        assertArrayEquals(pngs.get(2), Files.readAllBytes(out.resolve("trouser/000002.png")));
        assertFalse(r.out().contains("no manifest in the object store"), r.toString());
    }

    /**
     * ImageFolder takes every folder of its root for a class (and refuses one without images): a bulk job's shard
     * manifests, fetched into {@code shards/}, become files beside the manifest.
     */
    @Test
    void imagefolderLeavesNoFolderButTheClassFolders() throws Exception {
        Files.createDirectories(out.resolve("shards"));
        Files.writeString(out.resolve("shards/00000.json"), "{\"shard\":0}");
        Files.writeString(out.resolve("shards/00001.json"), "{\"shard\":1}");
        DatasetLayout.shardManifestsToFiles(out);
        assertEquals("{\"shard\":1}", Files.readString(out.resolve("shard-00001.json")));
        assertTrue(Files.isRegularFile(out.resolve("shard-00000.json")));
        assertFalse(Files.exists(out.resolve("shards")), "no folder that is not a class");
        DatasetLayout.shardManifestsToFiles(out); // nothing to move: a single job
    }

    @Test
    void imagefolderIgnoresClassNamesOfAModelManifestTheJobDidNotRecord() throws Exception {
        String model = "replaced-" + UUID.randomUUID().toString().substring(0, 8);
        putModelManifest(model);
        String id = "l-other-" + UUID.randomUUID();
        putShardsJob(id, List.of(3, 8), 3, false, model, "d".repeat(64));
        TestInfra.Result r = TestInfra.run("fetch", id, "--out", out.toString(), "--layout", "imagefolder");
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertTrue(Files.exists(out.resolve("3/000000.png")) && Files.exists(out.resolve("8/000001.png")), r.toString());
        assertFalse(Files.exists(out.resolve("cat")), r.toString());
        assertTrue(r.out().contains("is not the manifest the job recorded"), r.toString());
    }

    @Test
    void imagefolderGivesClassesNamedLikeFetchsOwnFilesTheirOwnFoldersAndKeepsTheFiles() throws Exception {
        String model = "clash-" + UUID.randomUUID().toString().substring(0, 8);
        // Labels 3 and 8 are named like the files fetch keeps in the folder (the second one differing in case only).
        String sha = putModelManifest(model, json -> json.replace("\"cat\"", "\"manifest.json\"")
                .replace("\"ship\"", "\"Index.jsonl\""));
        String id = "l-clash-" + UUID.randomUUID();
        List<byte[]> pngs = putShardsJob(id, List.of(3, 8), 3, false, model, sha);
        TestInfra.Result r = TestInfra.run("fetch", id, "--out", out.toString(), "--layout", "imagefolder");
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertArrayEquals(pngs.get(0), Files.readAllBytes(out.resolve("manifest.json_3/000000.png")));
        assertArrayEquals(pngs.get(1), Files.readAllBytes(out.resolve("Index.jsonl_8/000001.png")));
        assertArrayEquals(pngs.get(2), Files.readAllBytes(out.resolve("manifest.json_3/000002.png")));
        assertTrue(Files.isRegularFile(out.resolve("manifest.json")) && Files.isRegularFile(out.resolve("index.jsonl")),
                "fetch's own files stay files");
        try (var entries = Files.list(out)) {
            assertEquals(List.of("Index.jsonl_8", "index.jsonl", "manifest.json", "manifest.json_3"), entries
                    .map(p -> p.getFileName().toString()).sorted().toList(), "no two entries equal ignoring case");
        }
        assertTrue(r.out().contains("3 'manifest.json' -> manifest.json_3, 8 'Index.jsonl' -> Index.jsonl_8"),
                r.toString());
    }

    /** The schema's example model manifest (ten CIFAR-10 class names) as {@code model}/v1; returns its sha256. */
    private static String putModelManifest(String model) throws Exception {
        return putModelManifest(model, json -> json);
    }

    /** The example model manifest as {@code model}/v1, then {@code edit}ed; returns its sha256. */
    private static String putModelManifest(String model, java.util.function.UnaryOperator<String> edit)
            throws Exception {
        String json = Files.readString(Path.of("../schemas/examples/valid/model-manifest.json"))
                .replace("\"name\": \"cifar10-udpm\"", "\"name\": \"" + model + "\"")
                .replace("\"version\": \"2025-05-30.1\"", "\"version\": \"v1\"");
        assertTrue(json.contains("\"classNames\": [\"airplane\""), "the example names its classes");
        json = edit.apply(json);
        try (ObjectStore store = TestInfra.store()) {
            return store.putText(ObjectKeys.modelManifestKey(model, "v1"), json, ObjectKeys.JSON).sha256();
        }
    }

    @Test
    void shardsKeepsTheTarsAndPngUnpacksThem() throws Exception {
        String id = "l-png-" + UUID.randomUUID();
        List<byte[]> pngs = putShardsJob(id, List.of(4), 3, false);
        Path tars = out.resolve("tars");
        TestInfra.Result kept = TestInfra.run("fetch", id, "--out", tars.toString(), "--layout", "shards");
        assertEquals(ExitCodes.OK, kept.code(), kept.toString());
        assertTrue(Files.exists(tars.resolve("tar/000000.tar")) && Files.exists(tars.resolve("tar/000002.tar")));
        assertTrue(Files.exists(tars.resolve("index.jsonl")), "the index is fetched with the job");

        Path flat = out.resolve("png");
        TestInfra.Result png = TestInfra.run("fetch", id, "--out", flat.toString(), "--layout", "png");
        assertEquals(ExitCodes.OK, png.code(), png.toString());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(pngs.get(i), Files.readAllBytes(flat.resolve(String.format("%06d.png", i))));
        }
    }

    @Test
    void aPngNotMatchingItsIndexLineFailsWithExitSix() {
        String id = "l-bad-" + UUID.randomUUID();
        putShardsJob(id, List.of(1), 3, true);
        TestInfra.Result r = TestInfra.run("fetch", id, "--out", out.toString(), "--layout", "png");
        assertEquals(ExitCodes.VERIFY_FAILED, r.code(), r.toString());
        assertTrue(r.err().contains("does not match its index.jsonl line"), r.toString());
    }

    @Test
    void imagefolderRefusesUnlabelledImages() {
        String id = "l-none-" + UUID.randomUUID();
        putShardsJob(id, null, 3, false);
        TestInfra.Result r = TestInfra.run("fetch", id, "--out", out.toString(), "--layout", "imagefolder");
        assertEquals(ExitCodes.INVALID_INPUT, r.code(), r.toString());
        assertTrue(r.err().contains("has no class label"), r.toString());
    }

    /**
     * A {@code shards} job of {@code count} images in tars of 2, with its index and manifest; with {@code tamper} the
     * second image in the tar differs from the sha256 its index line records (the tar's own sha256 is listed right).
     *
     * @return the PNG bytes by index
     */
    private static List<byte[]> putShardsJob(String id, List<Integer> labels, int count, boolean tamper) {
        return putShardsJob(id, labels, count, tamper, "m", "c".repeat(64));
    }

    private static List<byte[]> putShardsJob(String id, List<Integer> labels, int count, boolean tamper, String model,
            String modelSha) {
        return putShardsJob(id, labels, count, tamper, model, modelSha, null);
    }

    /** With {@code classNames}, the manifest has a lineage recording them (as workers write it), else none. */
    private static List<byte[]> putShardsJob(String id, List<Integer> labels, int count, boolean tamper, String model,
            String modelSha, List<String> classNames) {
        GenerateJob request = new GenerateJob(id, T, null, null, null, ModelRef.latest(model), count, 5, labels,
                new OutputOptions(null, null, null, OutputFormat.SHARDS, 2));
        Lineage lineage = classNames == null ? null : new Lineage(Lineage.requestSha256(request),
                new Lineage.Model(model, "v1", modelSha, classNames),
                new Lineage.Sampler(ManifestPosteriorMode.EXACT, 3, new Lineage.GraphTuning(false, false, false)),
                Lineage.seedsOf(request), new Lineage.Build("0.1.0-SNAPSHOT", null, null));
        List<byte[]> pngs = new ArrayList<>();
        List<SampleRecord> index = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] png = FetchCommandTest.png(10 + i);
            pngs.add(png);
            index.add(new SampleRecord(i, ObjectKeys.tarKey(id, i / 2 * 2), String.format("%08d.png", i),
                    Sha256.hex(png), png.length, labels == null ? null : request.classLabelOf(i), 5L, (long) i, model,
                    "v1", modelSha));
        }
        try (ObjectStore store = TestInfra.store()) {
            List<TarShard> tars = new ArrayList<>();
            for (int first = 0; first < count; first += 2) {
                ByteArrayOutputStream tar = new ByteArrayOutputStream();
                for (int i = first; i < Math.min(count, first + 2); i++) {
                    SampleRecord s = index.get(i);
                    if (s.label() != null) {
                        member(tar, String.format("%08d.cls", i), s.label().toString().getBytes(StandardCharsets.US_ASCII));
                    }
                    member(tar, String.format("%08d.json", i), Json.write(s).getBytes(StandardCharsets.UTF_8));
                    byte[] png = tamper && i == 1 ? FetchCommandTest.png(99) : pngs.get(i);
                    member(tar, String.format("%08d.png", i), png);
                }
                tar.writeBytes(new byte[1024]);
                ObjectDigest put = store.put(ObjectKeys.tarKey(id, first), tar.toByteArray(), TarShard.CONTENT_TYPE);
                tars.add(new TarShard(put.key(), put.sha256(), put.size(), first, Math.min(2, count - first)));
            }
            StringBuilder lines = new StringBuilder();
            index.forEach(s -> lines.append(Json.write(s)).append('\n'));
            ObjectDigest indexPut = store.putText(ObjectKeys.indexKey(id), lines.toString(), ObjectKeys.JSON_LINES);
            JobManifest manifest = JobManifest.of(request, model, "v1", T, tars.stream().map(TarShard::asStoredObject)
                    .toList(), lineage).withSamples(modelSha, index.stream().map(SampleRecord::withoutModel).toList(),
                    StoredObject.of(indexPut.key(), indexPut.sha256(), indexPut.size(), ObjectKeys.JSON_LINES), tars);
            store.putText(ObjectKeys.jobManifestKey(id), Json.write(manifest), ObjectKeys.JSON);
        }
        return pngs;
    }

    /** A ustar member written the POSIX way (independent of the worker's writer, which the CLI may not use). */
    private static void member(ByteArrayOutputStream tar, String name, byte[] data) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644\0");
        put(h, 108, "0000000\0");
        put(h, 116, "0000000\0");
        put(h, 124, String.format("%011o\0", data.length));
        put(h, 136, "00000000000\0");
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = '0';
        put(h, 257, "ustar\0");
        put(h, 263, "00");
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o\0 ", sum));
        tar.writeBytes(h);
        tar.writeBytes(data);
        tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
