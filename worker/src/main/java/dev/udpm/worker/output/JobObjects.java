package dev.udpm.worker.output;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.ShardManifest;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.storage.NoSuchObjectException;
import dev.udpm.storage.ObjectInfo;
import dev.udpm.storage.ObjectStore;

/**
 * A job's objects in the store (docs/architecture.md#object-layout): images {@code jobs/{jobId}/{index:06d}.png},
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

    /**
     * The images {@code from..to-1} of {@code jobId} already stored with SHA-256 metadata, by key. Lists only the
     * decimal key prefixes that cover the range ({@link #indexPrefixes}), so a shard of a large job does not list
     * the whole job.
     */
    public Map<String, StoredObject> existingImages(String jobId, int from, int to) {
        Map<String, StoredObject> found = new TreeMap<>();
        for (String prefix : indexPrefixes(from, to)) {
            for (ObjectInfo listed : store.list(ObjectKeys.jobPrefix(jobId) + prefix)) {
                String key = listed.key();
                store.stat(key).ifPresent(info -> info.sha256().ifPresent(sha -> found.put(key,
                        StoredObject.of(key, sha, info.size(), info.contentType().orElse(ObjectKeys.PNG)))));
            }
        }
        return found;
    }

    /**
     * The shortest list of 6-digit decimal prefixes whose keys {@code {index:06d}.png} are exactly the indices
     * {@code from..to-1}: aligned blocks of 10^p indices, largest first (e.g. [10000, 20000) -> "01";
     * [5, 12) -> "000005".."000009", "00001" would overshoot, so "000010", "000011").
     */
    static java.util.List<String> indexPrefixes(int from, int to) {
        java.util.List<String> prefixes = new java.util.ArrayList<>();
        int at = from;
        while (at < to) {
            int block = 1;
            int digits = 6;
            while (digits > 0 && at % (block * 10) == 0 && at + block * 10 <= to) {
                block *= 10;
                digits--;
            }
            prefixes.add(String.format("%06d", at).substring(0, digits));
            at += block;
        }
        return prefixes;
    }

    /** The stored object at {@code key} with its SHA-256 metadata, if there. */
    public Optional<StoredObject> stored(String key) {
        return store.stat(key).flatMap(info -> info.sha256().map(sha -> StoredObject.of(key, sha, info.size(),
                info.contentType().orElse(ObjectKeys.JSON))));
    }

    /** Writes {@code manifest} (validated against its schema first) and returns what was stored. */
    public StoredObject writeShardManifest(ShardManifest manifest) {
        String json = Json.write(manifest);
        ContractValidator.shared().parseShardManifest(json);
        dev.udpm.storage.StoredObject written = store.putText(manifest.key(), json, ObjectKeys.JSON);
        return StoredObject.of(written.key(), written.sha256(), written.size(), ObjectKeys.JSON);
    }

    /** Keys of the shard manifests stored for {@code jobId}. */
    public java.util.List<String> shardManifestKeys(String jobId) {
        return store.list(ObjectKeys.shardPrefix(jobId)).stream().map(ObjectInfo::key)
                .filter(key -> key.endsWith(".json")).sorted().toList();
    }

    /** The bulk job's split, if written. */
    public Optional<BulkPlan> bulkPlan(String jobId) {
        try {
            return Optional.of(Json.read(new String(store.get(ObjectKeys.bulkKey(jobId)), StandardCharsets.UTF_8),
                    BulkPlan.class));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }

    /** Writes (replaces) the bulk job's split. */
    public void writeBulkPlan(BulkPlan plan) {
        store.putText(ObjectKeys.bulkKey(plan.request().jobId()), Json.write(plan), ObjectKeys.JSON);
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

    /** {@code stored} with a presigned GET URL in each object. */
    public java.util.List<StoredObject> withPresignedUrls(java.util.List<StoredObject> stored) {
        return stored.stream().map(object -> new StoredObject(object.key(), object.sha256(), object.size(),
                object.contentType(), presignedUrl(object.key()))).toList();
    }

    /** A presigned GET URL for {@code key}, valid for the store's configured expiry. */
    public String presignedUrl(String key) {
        return store.presignedGet(key).toString();
    }
}
