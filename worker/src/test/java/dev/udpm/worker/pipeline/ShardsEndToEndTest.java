package dev.udpm.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.SampleRecord;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.TarShard;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.ShardManifest;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.storage.ObjectInfo;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import dev.udpm.worker.output.TarReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code output.format = shards} through the real broker and object store: tar shards of {@code samplesPerShard}
 * samples ({@code .cls}, {@code .json}, {@code .png} per sample), every sample's label, seed, position and sha256 in
 * the manifest and in {@code index.jsonl}, the same PNG bytes as a {@code png} job of the same content, a rerun
 * writing byte-identical tars, a bulk job's tars per job shard listed once in its merged manifest, and Python's
 * standard library reading the result ({@code deploy/local/read-shards.py}).
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class ShardsEndToEndTest extends EndToEndTest {

    private static final String MODEL = PipelineEndToEndTest.MODEL;
    private static final Path READER = Path.of("../deploy/local/read-shards.py");

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "udpm.worker.models.bundled-dir")
    String bundledDir;

    @TempDir
    Path dir;

    @Test
    void singleJobWritesLabelledTarShardsWithTheSameImagesAsAPngJobAndARerunWritesTheSameBytes() throws Exception {
        String id = "e2e-shards-" + UUID.randomUUID();
        String ref = "e2e-shards-ref-" + UUID.randomUUID();
        String body = Requests.generate(id, MODEL, 7, 2024,
                "\"classLabels\":[1,4],\"output\":{\"format\":\"shards\",\"samplesPerShard\":3}");
        topics.send(id, body);
        topics.send(ref, Requests.generate(ref, MODEL, 7, 2024, "\"classLabels\":[1,4]"));

        JobCompleted done = StoredJobs.completed(topics.awaitTerminal(id, PipelineEndToEndTest.WAIT));
        JobCompleted reference = StoredJobs.completed(topics.awaitTerminal(ref, PipelineEndToEndTest.WAIT));
        JobManifest manifest = manifest(id);
        assertEquals(List.of(ObjectKeys.tarKey(id, 0), ObjectKeys.tarKey(id, 3), ObjectKeys.tarKey(id, 6)),
                done.objects().stream().map(StoredObject::key).toList(), "7 samples in tars of 3: 3, 3, 1");
        assertEquals(List.of(3, 3, 1), manifest.tarShards().stream().map(TarShard::count).toList());
        assertEquals(done.objects(), manifest.tarShards().stream().map(TarShard::asStoredObject).toList(),
                "the completed event lists the tar shards");
        assertEquals(independentModelManifestSha256(), manifest.modelManifestSha256(),
                "the sha256 of the model version's manifest.json");

        List<SampleRecord> index = indexLines(manifest.index());
        assertEquals(index.stream().map(SampleRecord::withoutModel).toList(), manifest.samples(),
                "the manifest lists the index lines without the model fields");
        Map<Integer, String> pngShas = checkTars(id, manifest.tarShards(), index, 7);
        for (SampleRecord sample : index) {
            assertEquals(sample.index() % 2 == 0 ? 1 : 4, sample.label(), "image i gets classLabels[i mod 2]");
            assertEquals(2024L, sample.seed());
            assertEquals((long) sample.index(), sample.position(), "latents G(seed, index)");
            assertEquals(MODEL, sample.modelName());
            assertEquals(BundledTinyModelResource.VERSION, sample.modelVersion());
            assertEquals(manifest.modelManifestSha256(), sample.modelManifestSha256());
        }
        Map<Integer, String> referenceShas = new TreeMap<>();
        for (int i = 0; i < reference.objects().size(); i++) {
            referenceShas.put(i, reference.objects().get(i).sha256());
        }
        assertEquals(referenceShas, pngShas, "the tars hold the bytes a png job of the same content stores");
        JobManifest referenceManifest = manifest(ref);
        assertEquals(index.stream().map(s -> s.sha256() + " " + s.label()).toList(),
                indexLines(referenceManifest.index()).stream().map(s -> s.sha256() + " " + s.label()).toList(),
                "a png job's index lists the same images and labels");
        assertNull(referenceManifest.tarShards(), "a png job has no tar shards");

        Map<String, byte[]> first = new LinkedHashMap<>();
        for (TarShard tar : manifest.tarShards()) {
            first.put(tar.key(), store.get(tar.key()));
        }
        store.delete(ObjectKeys.jobManifestKey(id));
        for (TarShard tar : manifest.tarShards()) {
            store.delete(tar.key());
        }
        topics.send(id, body);
        topics.awaitEvents(id, events -> events.stream().filter(JobCompleted.class::isInstance).count() == 2,
                PipelineEndToEndTest.WAIT);
        for (Map.Entry<String, byte[]> tar : first.entrySet()) {
            assertArrayEquals(tar.getValue(), store.get(tar.getKey()), tar.getKey() + " rewritten byte-identical");
        }
        assertEquals(manifest.tarShards(), manifest(id).tarShards(), "the rerun lists the same tar shards");
    }

    @Test
    void bulkJobWritesTarsPerJobShardAndItsMergedManifestListsEachOnceWithTheWholeIndex() throws Exception {
        String id = "e2e-shards-bulk-" + UUID.randomUUID();
        topics.send(id, Requests.generate(id, MODEL, 20, 77,
                "\"classLabels\":[1,4],\"bulk\":true,\"output\":{\"format\":\"shards\",\"samplesPerShard\":3}"));
        List<JobEvent> events = topics.awaitTerminal(id, PipelineEndToEndTest.WAIT);
        JobCompleted done = StoredJobs.completed(events);
        assertEquals(20, done.objectCount());
        JobManifest merged = manifest(id);
        assertEquals(Sha256.hex(store.get(merged.key())), done.manifestSha256());
        // Job shards of 8 (test profile): [0, 8), [8, 16), [16, 20); tars of 3 inside each.
        assertEquals(List.of(0, 3, 6, 8, 11, 14, 16, 19), merged.tarShards().stream().map(TarShard::first).toList(),
                "tars start at each job shard's first index");
        assertEquals(List.of(3, 3, 2, 3, 3, 2, 3, 1), merged.tarShards().stream().map(TarShard::count).toList());
        assertNull(merged.samples(), "a merged manifest points at the index, its shard manifests list the samples");
        assertEquals(independentModelManifestSha256(), merged.modelManifestSha256());

        List<SampleRecord> index = indexLines(merged.index());
        List<SampleRecord> fromShards = new ArrayList<>();
        for (JobManifest.ShardEntry entry : merged.shards()) {
            ShardManifest shard = ContractValidator.shared().parseShardManifest(new String(
                    store.get(entry.manifest().key()), StandardCharsets.UTF_8));
            assertEquals(shard.tarShards().stream().map(TarShard::asStoredObject).toList(), shard.objects());
            assertNull(shard.index(), "no index part per job shard: its manifest carries the samples");
            assertEquals(shard.samples().stream().map(sample -> sample.withModel(shard.modelName(),
                    shard.modelVersion(), shard.modelManifestSha256())).toList(),
                    index.subList(entry.from(), entry.to()),
                    "the merged index is the shards' samples with their model fields, in order");
            fromShards.addAll(shard.samples());
        }
        assertEquals(index.stream().map(SampleRecord::withoutModel).toList(), fromShards);
        checkTars(id, merged.tarShards(), index, 20);
        for (SampleRecord sample : index) {
            assertEquals(sample.index() % 2 == 0 ? 1 : 4, sample.label());
            assertEquals(77L, sample.seed());
            assertEquals((long) sample.index(), sample.position());
        }

        assumeTrue(pythonPresent(), "python3 is not installed: the standard-library reader cannot run");
        assertTrue(Files.isRegularFile(READER), "run from the worker module directory: " + READER.toAbsolutePath());
        Path out = dir.resolve(id);
        for (ObjectInfo object : store.list(ObjectKeys.jobPrefix(id))) {
            store.download(object.key(), out.resolve(object.key().substring(ObjectKeys.jobPrefix(id).length())));
        }
        Process p = new ProcessBuilder("python3", READER.toString(), out.toString()).redirectErrorStream(true)
                .start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        assertEquals(0, p.exitValue(), said);
        assertEquals("20 samples in 8 shards verified\n", said);

        // A changed sample must be caught: the reader is not a rubber stamp.
        Path tar = out.resolve("tar/000003.tar");
        byte[] bytes = Files.readAllBytes(tar);
        bytes[512 * 3 + 600] ^= 1;
        Files.write(tar, bytes);
        Process tampered = new ProcessBuilder("python3", READER.toString(), out.toString())
                .redirectErrorStream(true).start();
        String complaint = new String(tampered.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(tampered.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, tampered.exitValue(), "a flipped byte in a tar must fail the reader: " + complaint);
    }

    /**
     * Every tar shard: sha256 and size as listed; per sample the members {@code .cls} (when labelled), {@code .json},
     * {@code .png} in that order, named by the global index, the json equal to its index line, the PNG's sha256 as
     * listed; every index line is found in the tar it names.
     *
     * @return the PNG sha256 of every index
     */
    private Map<Integer, String> checkTars(String id, List<TarShard> tars, List<SampleRecord> index, int count) {
        assertEquals(count, index.size(), "one index line per image");
        Map<Integer, String> shas = new TreeMap<>();
        for (TarShard tar : tars) {
            byte[] bytes = store.get(tar.key());
            assertEquals(tar.sha256(), Sha256.hex(bytes), "sha256 of " + tar.key());
            assertEquals(tar.size(), bytes.length, "size of " + tar.key());
            assertEquals(ObjectKeys.tarKey(id, tar.first()), tar.key());
            List<TarReader.Member> members = TarReader.read(bytes);
            assertEquals(3 * tar.count(), members.size(), tar.key() + ": cls, json and png per labelled sample");
            for (int k = 0; k < tar.count(); k++) {
                SampleRecord line = index.get(tar.first() + k);
                String name = String.format("%08d", tar.first() + k);
                TarReader.Member cls = members.get(3 * k);
                TarReader.Member json = members.get(3 * k + 1);
                TarReader.Member png = members.get(3 * k + 2);
                assertEquals(List.of(name + ".cls", name + ".json", name + ".png"),
                        List.of(cls.name(), json.name(), png.name()), "member order in " + tar.key());
                assertEquals(String.valueOf(line.label()), new String(cls.data(), StandardCharsets.US_ASCII));
                assertEquals(line, Json.read(new String(json.data(), StandardCharsets.UTF_8), SampleRecord.class));
                assertEquals(line.sha256(), Sha256.hex(png.data()), name + ".png sha256");
                assertEquals(line.size(), png.data().length);
                assertEquals(tar.key(), line.key());
                assertEquals(name + ".png", line.member());
                members.forEach(m -> assertEquals(0, m.mtime(), "mtime 0"));
                shas.put(line.index(), line.sha256());
            }
        }
        assertEquals(count, shas.size(), "every image in exactly one tar");
        assertFalse(store.list(ObjectKeys.jobPrefix(id)).stream().anyMatch(o -> o.key().endsWith(".png")),
                "a shards job stores no PNG objects");
        return shas;
    }

    private JobManifest manifest(String id) {
        return ContractValidator.shared().parseJobManifest(new String(store.get(ObjectKeys.jobManifestKey(id)),
                StandardCharsets.UTF_8));
    }

    private List<SampleRecord> indexLines(StoredObject index) {
        byte[] bytes = store.get(index.key());
        assertEquals(index.sha256(), Sha256.hex(bytes), "sha256 of " + index.key());
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"), "every index line ends with a newline");
        List<SampleRecord> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            lines.add(ContractValidator.shared().parseSampleRecord(line));
        }
        return lines;
    }

    private String independentModelManifestSha256() {
        return Sha256.hex(Path.of(bundledDir, "manifest.json"));
    }

    private static boolean pythonPresent() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
