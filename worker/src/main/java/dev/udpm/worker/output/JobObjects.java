package dev.udpm.worker.output;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.SampleRecord;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.TarShard;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.ShardManifest;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.storage.IncompleteUpload;
import dev.udpm.storage.NoSuchObjectException;
import dev.udpm.storage.ObjectDigest;
import dev.udpm.storage.ObjectInfo;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import dev.udpm.storage.StoreRetry;

/**
 * A job's objects in the store (docs/architecture.md#object-layout): images {@code jobs/{jobId}/{index:06d}.png},
 * {@code grid.png}, the manifest {@code manifest.json} written LAST, and the in-progress {@link JobClaim}.
 * Every write records the object's SHA-256 as metadata ({@link ObjectStore#put}), which is how a resumed job
 * finds images a crashed attempt already stored without reading them.
 *
 * <p>Every store call rides through an outage: it is retried by the {@link StoreRetry} given (exponential backoff
 * with jitter, bounded), so a job waits for a restarting store instead of failing; once the retry gives up the
 * call throws {@link dev.udpm.storage.StorageUnavailableException} (the job then fails {@code STORAGE_UNAVAILABLE}).
 * Every write is idempotent (same key, same bytes), so a retried write that had landed is harmless.
 */
public final class JobObjects {

    private static final int PLANS = 1024;

    private final ObjectStore store;
    private final StoreRetry retry;
    private final Map<String, BulkPlan> plans = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BulkPlan> eldest) {
            return size() > PLANS;
        }
    });

    /** Job objects in {@code store}, calls retried with {@link StoreRetry#DEFAULT}. */
    public JobObjects(ObjectStore store) {
        this(store, StoreRetry.DEFAULT);
    }

    public JobObjects(ObjectStore store, StoreRetry retry) {
        this.store = store;
        this.retry = retry;
    }

    /** Stores PNG bytes under {@code key}. */
    public StoredObject putPng(String key, byte[] png) {
        ObjectDigest written = retry.call("put " + key, () -> store.put(key, png, ObjectKeys.PNG));
        return StoredObject.of(written.key(), written.sha256(), written.size(), ObjectKeys.PNG);
    }

    /** Stores a tar shard ({@code application/x-tar}) of samples {@code first..first+count-1}. */
    public TarShard putTar(String key, byte[] tar, int first, int count) {
        ObjectDigest written = retry.call("put " + key, () -> store.put(key, tar, TarShard.CONTENT_TYPE));
        return new TarShard(written.key(), written.sha256(), written.size(), first, count);
    }

    /**
     * Stores {@code samples} as JSON Lines under {@code key} (one {@link SampleRecord} per line, each ending with a
     * newline, in the order given): a single job's {@code index.jsonl}.
     */
    public StoredObject putIndex(String key, java.util.List<SampleRecord> samples) {
        StringBuilder lines = new StringBuilder(samples.size() * 256);
        for (SampleRecord sample : samples) {
            lines.append(Json.write(sample)).append('\n');
        }
        String text = lines.toString();
        ObjectDigest written = retry.call("put " + key, () -> store.putText(key, text, ObjectKeys.JSON_LINES));
        return StoredObject.of(written.key(), written.sha256(), written.size(), ObjectKeys.JSON_LINES);
    }

    /** Uploads {@code index} (finished here) as {@code key}, with the sha256 computed while it was written. */
    public StoredObject putIndex(String key, IndexFile index) {
        index.finish();
        ObjectDigest written = retry.call("put " + key,
                () -> store.putFile(key, index.path(), ObjectKeys.JSON_LINES, index.sha256()));
        return StoredObject.of(written.key(), written.sha256(), written.size(), ObjectKeys.JSON_LINES);
    }

    /**
     * Aborts every incomplete multipart upload under {@code jobs/{jobId}/}: what an attempt killed in the middle of a
     * multipart upload of one of the job's objects left behind (no object is visible at its key; its parts stay in the
     * bucket until aborted). One listing request (per 1,000 such uploads) and one abort per upload found. Called by
     * the owner of the job before it uploads the job's only multipart object, a bulk job's {@code index.jsonl}.
     *
     * @return the uploads aborted
     */
    public java.util.List<IncompleteUpload> abortIncompleteUploads(String jobId) {
        String prefix = ObjectKeys.jobPrefix(jobId);
        java.util.List<IncompleteUpload> stale = retry.call("list incomplete uploads under " + prefix,
                () -> store.incompleteUploads(prefix));
        for (IncompleteUpload upload : stale) {
            retry.run("abort upload of " + upload.key(), () -> store.abortUpload(upload.key(), upload.uploadId()));
        }
        return stale;
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
            bytes = retry.call("get " + key, () -> store.get(key));
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
        ObjectDigest written = retry.call("put " + manifest.key(),
                () -> store.putText(manifest.key(), json, ObjectKeys.JSON));
        return StoredObject.of(written.key(), written.sha256(), written.size(), ObjectKeys.JSON);
    }

    /**
     * The objects already under {@code jobs/{jobId}/} that carry SHA-256 metadata, by key (the manifest and the
     * claim excluded). An object without the metadata was not written by a worker and is not trusted.
     */
    public Map<String, StoredObject> existing(String jobId) {
        Map<String, StoredObject> found = new TreeMap<>();
        String prefix = ObjectKeys.jobPrefix(jobId);
        for (ObjectInfo listed : retry.call("list " + prefix, () -> store.list(prefix))) {
            String key = listed.key();
            if (key.endsWith("/" + ObjectKeys.MANIFEST) || key.endsWith("/" + JobClaim.FILE_NAME)) {
                continue;
            }
            stat(key).ifPresent(info -> info.sha256().ifPresent(sha -> found.put(key,
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
            String listed = ObjectKeys.jobPrefix(jobId) + prefix;
            for (ObjectInfo object : retry.call("list " + listed, () -> store.list(listed))) {
                String key = object.key();
                stat(key).ifPresent(info -> info.sha256().ifPresent(sha -> found.put(key,
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
        return stat(key).flatMap(info -> info.sha256().map(sha -> StoredObject.of(key, sha, info.size(),
                info.contentType().orElse(ObjectKeys.JSON))));
    }

    /** Writes {@code manifest} (validated against its schema first) and returns what was stored. */
    public StoredObject writeShardManifest(ShardManifest manifest) {
        String json = Json.write(manifest);
        ContractValidator.shared().parseShardManifest(json);
        ObjectDigest written = retry.call("put " + manifest.key(),
                () -> store.putText(manifest.key(), json, ObjectKeys.JSON));
        return StoredObject.of(written.key(), written.sha256(), written.size(), ObjectKeys.JSON);
    }

    /**
     * Shard {@code index}'s manifest of the bulk job {@code jobId}, if stored, with the object it was read from (its
     * sha256 that of the bytes read: one GET, no stat).
     *
     * @throws IllegalStateException if it is there but not a valid shard manifest
     */
    public Optional<ShardManifestRead> shardManifest(String jobId, int index) {
        String key = ObjectKeys.shardManifestKey(jobId, index);
        byte[] bytes;
        try {
            bytes = retry.call("get " + key, () -> store.get(key));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
        ShardManifest manifest;
        try {
            manifest = ContractValidator.shared().parseShardManifest(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(key + " is not a valid shard manifest: " + e.getMessage(), e);
        }
        return Optional.of(new ShardManifestRead(StoredObject.of(key, Sha256.hex(bytes), bytes.length,
                ObjectKeys.JSON), manifest));
    }

    /** A shard manifest as read, with the stored object it came from. */
    public record ShardManifestRead(StoredObject stored, ShardManifest manifest) {
    }

    /** Keys of the shard manifests stored for {@code jobId}. */
    public java.util.List<String> shardManifestKeys(String jobId) {
        String prefix = ObjectKeys.shardPrefix(jobId);
        return retry.call("list " + prefix, () -> store.list(prefix)).stream().map(ObjectInfo::key)
                .filter(key -> key.endsWith(".json")).sorted().toList();
    }

    /**
     * The bulk job's split, if written. A split read or written here is remembered (the last {@value #PLANS}):
     * {@code bulk.json} is written once per jobId and never replaced, and the worker that splits a job is the one that
     * merges it (both are keyed by the jobId), so the merge does not read it again.
     */
    public Optional<BulkPlan> bulkPlan(String jobId) {
        BulkPlan known = plans.get(jobId);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            String key = ObjectKeys.bulkKey(jobId);
            BulkPlan plan = Json.read(new String(retry.call("get " + key, () -> store.get(key)),
                    StandardCharsets.UTF_8), BulkPlan.class);
            plans.put(jobId, plan);
            return Optional.of(plan);
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }

    /** Writes the bulk job's split (a new one: the split of a jobId is never replaced). */
    public void writeBulkPlan(BulkPlan plan) {
        String key = ObjectKeys.bulkKey(plan.request().jobId());
        String json = Json.write(plan);
        retry.run("put " + key, () -> store.putText(key, json, ObjectKeys.JSON));
        plans.put(plan.request().jobId(), plan);
    }

    /** The bytes of {@code key}. */
    public byte[] read(String key) {
        return retry.call("get " + key, () -> store.get(key));
    }

    /** The job's claim, if a previous attempt left one. */
    public Optional<JobClaim> claim(String jobId) {
        try {
            String key = JobClaim.keyOf(jobId);
            byte[] bytes = retry.call("get " + key, () -> store.get(key));
            return Optional.of(Json.read(new String(bytes, StandardCharsets.UTF_8), JobClaim.class));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        } catch (dev.udpm.storage.StorageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException(JobClaim.keyOf(jobId) + " is not a readable claim (" + e.getMessage()
                    + "); delete it to let the job run again", e);
        }
    }

    /** Writes (replaces) the job's claim. */
    public void writeClaim(JobClaim claim) {
        String key = JobClaim.keyOf(claim.jobId());
        String json = Json.write(claim);
        retry.run("put " + key, () -> store.putText(key, json, ObjectKeys.JSON));
    }

    /** Deletes the job's claim (after its manifest). */
    public void deleteClaim(String jobId) {
        String key = JobClaim.keyOf(jobId);
        retry.run("delete " + key, () -> store.delete(key));
    }

    private Optional<ObjectInfo> stat(String key) {
        return retry.call("stat " + key, () -> store.stat(key));
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
