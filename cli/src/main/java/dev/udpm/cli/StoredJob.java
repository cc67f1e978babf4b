package dev.udpm.cli;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.ShardManifest;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ContractViolationException;
import dev.udpm.storage.NoSuchObjectException;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import dev.udpm.storage.StorageException;

/**
 * A finished job as the object store holds it: its manifest {@code jobs/{jobId}/manifest.json} (written last, so it
 * exists only for a completed job), validated against its schema, and for a bulk job its shard manifests, each
 * checked against the sha256 the merged manifest lists. What {@code fetch}, {@code replay} and {@code diff} read.
 */
final class StoredJob {

    private final String jobId;
    private final JobManifest manifest;
    private final byte[] manifestBytes;

    StoredJob(String jobId, JobManifest manifest, byte[] manifestBytes) {
        this.jobId = jobId;
        this.manifest = manifest;
        this.manifestBytes = manifestBytes;
    }

    String jobId() {
        return jobId;
    }

    /** The validated manifest. */
    JobManifest manifest() {
        return manifest;
    }

    /** The manifest as stored. */
    byte[] manifestBytes() {
        return manifestBytes;
    }

    /**
     * Reads and validates {@code jobId}'s manifest.
     *
     * @throws CliException {@link ExitCodes#NOT_FOUND} without a manifest, {@link ExitCodes#VERIFY_FAILED} for an
     *     invalid one or one of another job, {@link ExitCodes#UNAVAILABLE} when the store cannot be read
     */
    static StoredJob read(ObjectStore store, ConnectionOptions connection, String jobId) {
        String key = ObjectKeys.jobManifestKey(jobId);
        byte[] bytes = readManifest(store, connection, jobId, key);
        return new StoredJob(jobId, parseManifest(jobId, key, bytes), bytes);
    }

    /** The request exactly as the manifest stores it (a JSON object). */
    JsonNode requestTree() {
        try {
            return Json.mapper().readTree(manifestBytes).get("request");
        } catch (java.io.IOException e) {
            throw new CliException(ExitCodes.VERIFY_FAILED, ObjectKeys.jobManifestKey(jobId) + " cannot be read again: "
                    + e.getMessage());
        }
    }

    /**
     * Every object of the job by its name below {@code jobs/{jobId}/} ({@code 000000.png}, ..., {@code grid.png}) with
     * its sha256: the manifest's objects, or a bulk job's images from its shard manifests.
     */
    Map<String, String> objectDigests(ObjectStore store, ConnectionOptions connection) {
        Map<String, String> digests = new TreeMap<>();
        String prefix = ObjectKeys.jobPrefix(jobId);
        if (manifest.shards() == null) {
            for (StoredObject object : manifest.objects()) {
                digests.put(relative(prefix, object.key()), object.sha256());
            }
            return digests;
        }
        for (JobManifest.ShardEntry entry : manifest.shards()) {
            ShardManifest shard = parseShardManifest(entry, readShardManifest(store, connection, entry));
            for (StoredObject object : shard.objects()) {
                digests.put(relative(prefix, object.key()), object.sha256());
            }
        }
        return digests;
    }

    /**
     * The bytes of shard manifest {@code entry}, its sha256 checked against the one the merged manifest lists.
     *
     * @throws CliException {@link ExitCodes#VERIFY_FAILED} when it is missing or differs
     */
    byte[] readShardManifest(ObjectStore store, ConnectionOptions connection, JobManifest.ShardEntry entry) {
        String key = entry.manifest().key();
        byte[] bytes;
        try {
            bytes = store.get(key);
        } catch (NoSuchObjectException e) {
            throw new CliException(ExitCodes.VERIFY_FAILED, "shard manifest " + key + " (shard " + entry.index()
                    + ") is listed in the merged manifest but missing from " + connection.describeStore());
        } catch (StorageException e) {
            throw storageFailure(e);
        }
        String sha = Sha256.hex(bytes);
        if (!sha.equals(entry.manifest().sha256())) {
            throw new CliException(ExitCodes.VERIFY_FAILED, "job " + jobId + ": shard manifest " + key + " has sha256 "
                    + sha + ", but the merged manifest lists " + entry.manifest().sha256() + "; its images are not"
                    + " trusted, fetch stopped");
        }
        return bytes;
    }

    /** Parses shard manifest {@code bytes} of {@code entry} and checks it is that shard of this job. */
    ShardManifest parseShardManifest(JobManifest.ShardEntry entry, byte[] bytes) {
        String key = entry.manifest().key();
        ShardManifest shard;
        try {
            shard = ContractValidator.shared().parseShardManifest(new String(bytes, StandardCharsets.UTF_8));
        } catch (ContractViolationException e) {
            throw new CliException(ExitCodes.VERIFY_FAILED, key + " is not a valid shard manifest: " + e.getMessage());
        }
        if (!shard.jobId().equals(jobId) || shard.shard().index() != entry.index() || shard.shard().from() != entry.from()
                || shard.shard().to() != entry.to()) {
            throw new CliException(ExitCodes.VERIFY_FAILED, key + " is shard " + shard.shard().index() + " ["
                    + shard.shard().from() + ", " + shard.shard().to() + ") of job " + shard.jobId()
                    + ", but the merged manifest lists shard " + entry.index() + " [" + entry.from() + ", " + entry.to()
                    + ") of job " + jobId);
        }
        return shard;
    }

    static byte[] readManifest(ObjectStore store, ConnectionOptions connection, String jobId, String key) {
        try {
            return store.get(key);
        } catch (NoSuchObjectException e) {
            throw new CliException(ExitCodes.NOT_FOUND, "job " + jobId + " has no " + key + " in "
                    + connection.describeStore() + ": it has not completed (see udpm status " + jobId + " or udpm watch "
                    + jobId + ")");
        } catch (StorageException e) {
            throw storageFailure(e);
        }
    }

    static JobManifest parseManifest(String jobId, String key, byte[] bytes) {
        try {
            JobManifest manifest = ContractValidator.shared().parseJobManifest(new String(bytes, StandardCharsets.UTF_8));
            if (!manifest.jobId().equals(jobId)) {
                throw new CliException(ExitCodes.VERIFY_FAILED, key + " names job " + manifest.jobId() + ", not " + jobId);
            }
            return manifest;
        } catch (ContractViolationException e) {
            throw new CliException(ExitCodes.VERIFY_FAILED, key + " is not a valid job manifest: " + e.getMessage());
        }
    }

    static CliException storageFailure(StorageException e) {
        return new CliException(ExitCodes.UNAVAILABLE, e.getMessage() + " (check --s3-endpoint, --s3-access-key,"
                + " --s3-secret-key and --bucket, or the UDPM_S3_* variables)", e);
    }

    private static String relative(String prefix, String key) {
        if (!key.startsWith(prefix) || key.length() == prefix.length()) {
            throw new CliException(ExitCodes.VERIFY_FAILED, "object key '" + key + "' is not below " + prefix);
        }
        return key.substring(prefix.length());
    }
}
