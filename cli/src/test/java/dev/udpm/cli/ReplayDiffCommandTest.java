package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.Lineage;
import dev.udpm.schemas.job.ModelRef;
import dev.udpm.schemas.model.ManifestPosteriorMode;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.storage.ObjectDigest;
import dev.udpm.storage.ObjectStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code udpm replay} and {@code udpm diff} through the real broker and S3, on manifests and images stored as a
 * worker stores them (the end-to-end run with the real worker is the fleet module's {@code LocalFleetEndToEndIT}).
 */
class ReplayDiffCommandTest {

    static final Instant T = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void diffOfTwoJobsWithTheSameImagesSaysIdenticalAndExitsZero() {
        String a = "d-a-" + UUID.randomUUID();
        String b = "d-b-" + UUID.randomUUID();
        putJob(a, 7, new int[] {1, 2, 3});
        putJob(b, 7, new int[] {1, 2, 3});

        TestInfra.Result r = TestInfra.run("diff", a, b);

        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertTrue(r.out().contains("identical 3, different 0, missing 0"), r.toString());
        assertTrue(r.out().contains("lineage: same request, same model m/v7, same sampler, same worker build 0.1.0"),
                r.toString());
        assertTrue(r.out().strip().endsWith("identical"), r.toString());
    }

    @Test
    void diffListsTheDifferingIndicesAndWhatOnlyOneJobHasAndExitsOne() {
        String a = "d-a-" + UUID.randomUUID();
        String c = "d-c-" + UUID.randomUUID();
        putJob(a, 7, new int[] {1, 2, 3, 4});
        putJob(c, 8, new int[] {1, 9, 3});

        TestInfra.Result r = TestInfra.run("diff", a, c);

        assertEquals(ExitCodes.DIFFERENT, r.code(), r.toString());
        assertTrue(r.out().contains("identical 2, different 1, missing 1"), r.toString());
        assertTrue(r.out().contains("different: 1\n"), r.toString());
        assertTrue(r.out().contains("only in " + a + ": 3\n"), r.toString());
        assertTrue(r.out().contains("lineage: different requests ("), r.toString());
        assertTrue(r.out().strip().endsWith("different"), r.toString());
    }

    @Test
    void bulkJobsAreComparedImageByImageWhateverTheirShards() {
        String x = "d-bulk-x-" + UUID.randomUUID();
        String y = "d-bulk-y-" + UUID.randomUUID();
        BulkJobTest.putBulkJob(x, new int[] {2, 2});
        BulkJobTest.putBulkJob(y, new int[] {3, 1});

        TestInfra.Result r = TestInfra.run("diff", x, y);

        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertTrue(r.out().contains("identical 4, different 0, missing 0"), r.toString());
        assertTrue(r.out().contains("lineage: neither job records one"), r.toString());
    }

    @Test
    void diffWithAJobThatHasNoManifestExitsNotFound() {
        String a = "d-a-" + UUID.randomUUID();
        putJob(a, 7, new int[] {1});
        TestInfra.Result r = TestInfra.run("diff", a, "never-ran-" + UUID.randomUUID());
        assertEquals(ExitCodes.NOT_FOUND, r.code(), r.toString());
    }

    @Test
    void replaySendsTheSameRequestUnderANewIdPinnedToTheVersionThatMadeTheImages() {
        String a = "r-a-" + UUID.randomUUID();
        JobManifest original = putJob(a, 7, new int[] {1, 2});
        String replayId = "r-new-" + UUID.randomUUID();

        TestInfra.Result r = TestInfra.run("replay", a, "--job-id", replayId, "-q");

        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertEquals(replayId, r.out().strip(), "quiet prints only the new id");
        List<ConsumerRecord<String, String>> records = TestInfra.records(Topics.JOBS, replayId);
        assertEquals(1, records.size());
        GenerateJob sent = (GenerateJob) ContractValidator.shared().parseJobRequest(records.get(0).value());
        assertEquals(replayId, sent.jobId());
        assertEquals(new ModelRef("m", "v7"), sent.model(), "pinned to the version that made the images");
        assertEquals(Map.of("run", "1"), sent.callback());
        assertEquals(original.lineage().requestSha256(), Lineage.requestSha256(sent), "the same request");
        GenerateJob before = (GenerateJob) original.request();
        assertEquals(before.seed(), sent.seed());
        assertEquals(before.count(), sent.count());
        assertEquals(before.classLabels(), sent.classLabels());
    }

    @Test
    void replayCanPinAnotherVersionOrTheLatestAndRefusesBoth() {
        String a = "r-a-" + UUID.randomUUID();
        putJob(a, 7, new int[] {1});

        TestInfra.Result other = TestInfra.run("replay", a, "--model-version", "v9", "--dry-run");
        assertEquals(ExitCodes.OK, other.code(), other.toString());
        GenerateJob pinned = (GenerateJob) ContractValidator.shared().parseJobRequest(json(other.out()));
        assertEquals("v9", pinned.model().version());
        assertTrue(pinned.jobId().startsWith("replay-generate-"), pinned.jobId());

        TestInfra.Result latest = TestInfra.run("replay", a, "--latest", "--dry-run");
        assertEquals(ExitCodes.OK, latest.code(), latest.toString());
        assertNull(((GenerateJob) ContractValidator.shared().parseJobRequest(json(latest.out()))).model().version());

        TestInfra.Result both = TestInfra.run("replay", a, "--latest", "--model-version", "v9");
        assertEquals(ExitCodes.INVALID_INPUT, both.code(), both.toString());

        TestInfra.Result missing = TestInfra.run("replay", "never-ran-" + UUID.randomUUID());
        assertEquals(ExitCodes.NOT_FOUND, missing.code(), missing.toString());
        assertFalse(missing.err().isBlank(), missing.toString());
    }

    /** A job written before lineages recorded class names ran on the same model as one that records them. */
    @Test
    void theSameModelVersionIsTheSameModelWhetherOrNotTheLineageRecordsItsClassNames() {
        Lineage old = putJob("diff-names-" + UUID.randomUUID(), 5, new int[] {1}).lineage();
        Lineage named = new Lineage(old.requestSha256(), new Lineage.Model("m", "v7", old.model().manifestSha256(),
                List.of("cat", "dog")), old.sampler(), old.seeds(), old.worker());
        assertTrue(DiffCommand.lineage(old, named).contains("same model m/v7"), DiffCommand.lineage(old, named));
        Lineage other = new Lineage(old.requestSha256(), new Lineage.Model("m", "v7", "b".repeat(64)),
                old.sampler(), old.seeds(), old.worker());
        assertTrue(DiffCommand.lineage(old, other).contains("different models"), DiffCommand.lineage(old, other));
    }

    /** The JSON object a dry run printed after the "replaying ..." line. */
    private static String json(String out) {
        return out.substring(out.indexOf('{'));
    }

    /**
     * Stores images {@code png(seeds[i])} at indices 0..n-1 and a manifest with lineage for a generate job with
     * {@code seed} on m/v7 (request unpinned, with a callback), as the worker writes them.
     */
    static JobManifest putJob(String id, long seed, int[] pngs) {
        JobRequest request = new GenerateJob(id, T, null, null, Map.of("run", "1"), ModelRef.latest("m"),
                pngs.length, seed, null, null);
        Lineage lineage = new Lineage(Lineage.requestSha256(request),
                new Lineage.Model("m", "v7", "3a1f6e0c5b2d4e8f9a7c6b5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f"),
                new Lineage.Sampler(ManifestPosteriorMode.EXACT, 3, new Lineage.GraphTuning(false, true, false)),
                Lineage.seedsOf(request), new Lineage.Build("0.1.0-SNAPSHOT", null, null));
        try (ObjectStore store = TestInfra.store()) {
            List<StoredObject> objects = new ArrayList<>();
            for (int i = 0; i < pngs.length; i++) {
                ObjectDigest put = store.put(ObjectKeys.imageKey(id, i), FetchCommandTest.png(pngs[i]), ObjectKeys.PNG);
                objects.add(StoredObject.of(put.key(), put.sha256(), put.size(), ObjectKeys.PNG));
            }
            JobManifest manifest = JobManifest.of(request, "m", "v7", T, objects, lineage);
            String json = Json.write(manifest);
            ContractValidator.shared().parseJobManifest(json);
            store.put(ObjectKeys.jobManifestKey(id), json.getBytes(StandardCharsets.UTF_8), ObjectKeys.JSON);
            return manifest;
        }
    }
}
