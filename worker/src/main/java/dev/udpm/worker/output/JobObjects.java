package dev.udpm.worker.output;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.storage.NoSuchObjectException;
import dev.udpm.storage.ObjectInfo;
import dev.udpm.storage.ObjectStore;

/**
 * A job's objects in the store (architecture.md "Object layout"): images {@code jobs/{jobId}/{index:06d}.png},
 * {@code grid.png}, the manifest {@code manifest.json} written LAST, and the in-progress {@link JobClaim}.
 * Every write records the object's SHA-256 as metadata ({@link ObjectStore#put}), which is how a resumed job
 * finds images a crashed attempt already stored without reading them.
 */
public final class JobObjects {

    private final ObjectStore store;

    public JobObjects(ObjectStore store) {
        this.store = store;
    }

    /** Stores PNG bytes under {@code key}. */
    public StoredObject putPng(String key, byte[] png) {
        dev.udpm.storage.StoredObject written = store.put(key, png, ObjectKeys.PNG);
        return StoredObject.of(written.key(), written.sha256(), written.size(), ObjectKeys.PNG);
    }

    /**
     * The job's manifest, if it was written.
     *
     * @throws IllegalStateException if an object is there but is not a valid job manifest for {@code jobId}
     */
    public Optional<JobManifest> manifest(String jobId) {
        String key = ObjectKeys.jobManifestKey(jobId);
        byte[] bytes;
        try {
            bytes = store.get(key);
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
        JobManifest manifest;
        try {
            manifest = ContractValidator.shared().parseJobManifest(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(key + " exists but is not a valid job manifest (" + e.getMessage()
                    + "); delete it to let the job run again", e);
        }
        if (!manifest.jobId().equals(jobId)) {
            throw new IllegalStateException(key + " belongs to job '" + manifest.jobId() + "', not '" + jobId + "'");
        }
        return Optional.of(manifest);
    }

    /** Writes {@code manifest} (validated against its schema first) and returns what was stored. */
    public StoredObject writeManifest(JobManifest manifest) {
        String json = Json.write(manifest);
        ContractValidator.shared().parseJobManifest(json);
        dev.udpm.storage.StoredObject written = store.putText(manifest.key(), json, ObjectKeys.JSON);
        return StoredObject.of(written.key(), written.sha256(), written.size(), ObjectKeys.JSON);
    }

    /**
     * The objects already under {@code jobs/{jobId}/} that carry SHA-256 metadata, by key (the manifest and the
     * claim excluded). An object without the metadata was not written by a worker and is not trusted.
     */
    public Map<String, StoredObject> existing(String jobId) {
        Map<String, StoredObject> found = new TreeMap<>();
        for (ObjectInfo listed : store.list(ObjectKeys.jobPrefix(jobId))) {
            String key = listed.key();
            if (key.endsWith("/" + ObjectKeys.MANIFEST) || key.endsWith("/" + JobClaim.FILE_NAME)) {
                continue;
            }
            store.stat(key).ifPresent(info -> info.sha256().ifPresent(sha -> found.put(key,
                    StoredObject.of(key, sha, info.size(), info.contentType().orElse(ObjectKeys.PNG)))));
        }
        return found;
    }

    /** The bytes of {@code key}. */
    public byte[] read(String key) {
        return store.get(key);
    }

    /** The job's claim, if a previous attempt left one. */
    public Optional<JobClaim> claim(String jobId) {
        try {
            byte[] bytes = store.get(JobClaim.keyOf(jobId));
            return Optional.of(Json.read(new String(bytes, StandardCharsets.UTF_8), JobClaim.class));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new IllegalStateException(JobClaim.keyOf(jobId) + " is not a readable claim (" + e.getMessage()
                    + "); delete it to let the job run again", e);
        }
    }

    /** Writes (replaces) the job's claim. */
    public void writeClaim(JobClaim claim) {
        store.putText(JobClaim.keyOf(claim.jobId()), Json.write(claim), ObjectKeys.JSON);
    }

    /** Deletes the job's claim (after its manifest). */
    public void deleteClaim(String jobId) {
        store.delete(JobClaim.keyOf(jobId));
    }

    /** A presigned GET URL for {@code key}, valid for the store's configured expiry. */
    public String presignedUrl(String key) {
        return store.presignedGet(key).toString();
    }
}
