package dev.udpm.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.SampleRecord;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.storage.ObjectInfo;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import dev.udpm.worker.output.JobClaim;
import dev.udpm.worker.output.JobObjects;

/** Checks a finished job's objects in the store against its completed event and manifest. */
final class StoredJobs {

    private StoredJobs() {
    }

    /** The one completed event of {@code events}. */
    static JobCompleted completed(List<JobEvent> events) {
        List<JobCompleted> completed = events.stream().filter(JobCompleted.class::isInstance)
                .map(JobCompleted.class::cast).toList();
        assertEquals(1, completed.size(), "one completed event, got " + events.stream().map(JobEvent::eventType)
                .toList());
        return completed.get(0);
    }

    /**
     * Every object of {@code completed} exists with the listed sha256 and size; the manifest lists the same objects
     * (without URLs) for {@code request} and the same model version; the attempt claim is gone; nothing else is
     * under the job's prefix.
     *
     * @return the manifest
     */
    static JobManifest assertStored(ObjectStore store, JobRequest request, JobCompleted completed) {
        String jobId = request.jobId();
        for (StoredObject object : completed.objects()) {
            byte[] bytes = store.get(object.key());
            assertEquals(Sha256.hex(bytes), object.sha256(), "sha256 of " + object.key());
            assertEquals(bytes.length, object.size(), "size of " + object.key());
            assertEquals(object.sha256(), store.stat(object.key()).orElseThrow().sha256().orElseThrow(),
                    "sha256 metadata of " + object.key());
        }
        JobManifest manifest = new JobObjects(store).manifest(jobId).orElseThrow(
                () -> new AssertionError("no manifest for " + jobId));
        assertEquals(ObjectKeys.jobManifestKey(jobId), completed.manifestKey());
        assertEquals(request, manifest.request(), "manifest holds the request as accepted");
        assertEquals(completed.modelName(), manifest.modelName());
        assertEquals(completed.modelVersion(), manifest.modelVersion());
        assertEquals(completed.objects().stream().map(o -> StoredObject.of(o.key(), o.sha256(), o.size(),
                o.contentType())).toList(), manifest.objects(), "manifest lists the completed objects");
        manifest.objects().forEach(o -> assertNull(o.url(), "no URL in a manifest"));
        assertFalse(store.exists(JobClaim.keyOf(jobId)), "the attempt claim is deleted after the manifest");
        Map<String, ObjectInfo> listed = store.list(ObjectKeys.jobPrefix(jobId)).stream()
                .collect(Collectors.toMap(ObjectInfo::key, info -> info));
        int indexObjects = manifest.index() == null ? 0 : 1;
        assertEquals(completed.objects().size() + 1 + indexObjects, listed.size(), "objects + manifest + index, nothing"
                + " else: " + listed.keySet());
        assertTrue(listed.containsKey(completed.manifestKey()));
        assertNotNull(manifest.index(), "every job writes index.jsonl");
        assertEquals(ObjectKeys.indexKey(jobId), manifest.index().key());
        byte[] index = store.get(manifest.index().key());
        assertEquals(Sha256.hex(index), manifest.index().sha256(), "sha256 of the index");
        List<SampleRecord> lines = new String(index, StandardCharsets.UTF_8).lines()
                .map(ContractValidator.shared()::parseSampleRecord).toList();
        assertEquals(manifest.samples(), lines.stream().map(SampleRecord::withoutModel).toList(),
                "the manifest's samples are the index lines without the model fields");
        for (SampleRecord line : lines) {
            StoredObject image = manifest.objects().get(line.index());
            assertEquals(image.key(), line.key(), "index line " + line.index() + " names its PNG");
            assertEquals(image.sha256(), line.sha256(), "index line " + line.index() + " has its PNG's sha256");
            assertEquals(manifest.modelVersion(), line.modelVersion());
            assertEquals(manifest.modelManifestSha256(), line.modelManifestSha256());
        }
        return manifest;
    }
}
