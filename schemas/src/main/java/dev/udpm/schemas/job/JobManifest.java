package dev.udpm.schemas.job;

import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.SchemaResources;
import dev.udpm.schemas.StoredObject;
import java.time.Instant;
import java.util.List;

/**
 * {@code jobs/{jobId}/manifest.json} (schema {@code job-manifest.schema.json}): written LAST by the worker; an
 * object set without it is not done. The request and the exact model version reproduce every byte.
 *
 * @param formatVersion manifest format, {@link #FORMAT_VERSION}
 * @param jobId         the job (equal to {@code request.jobId()})
 * @param request       the request as accepted
 * @param modelName     model that made the images
 * @param modelVersion  exact version that made the images
 * @param created       when the manifest was written
 * @param objects       every object of the job except the manifest, in index order (grid last); empty for a bulk job
 * @param shards        bulk jobs: every shard manifest in shard order, else {@code null}
 * @param lineage       what made the images ({@link Lineage}), {@code null} in manifests written before it existed
 */
public record JobManifest(int formatVersion, String jobId, JobRequest request, String modelName,
        String modelVersion, Instant created, List<StoredObject> objects, List<ShardEntry> shards, Lineage lineage) {

    /** Schema file of this record. */
    public static final String SCHEMA = "job-manifest.schema.json";

    /** The format this code writes; read from the schema's {@code formatVersion.const}. */
    public static final int FORMAT_VERSION =
            (int) SchemaResources.readInteger(SCHEMA, "/properties/formatVersion/const");

    public JobManifest {
        objects = Collections2.copy(objects);
        shards = Collections2.copy(shards);
    }

    /** A manifest without lineage (as written before it existed). */
    public JobManifest(int formatVersion, String jobId, JobRequest request, String modelName, String modelVersion,
            Instant created, List<StoredObject> objects, List<ShardEntry> shards) {
        this(formatVersion, jobId, request, modelName, modelVersion, created, objects, shards, null);
    }

    /** A manifest of a single job (no shards). */
    public JobManifest(int formatVersion, String jobId, JobRequest request, String modelName, String modelVersion,
            Instant created, List<StoredObject> objects) {
        this(formatVersion, jobId, request, modelName, modelVersion, created, objects, null, null);
    }

    /**
     * One shard of a bulk job in its merged manifest.
     *
     * @param index    shard index
     * @param from     first image index of the shard
     * @param to       one past its last image index
     * @param manifest the shard manifest {@code jobs/{jobId}/shards/{index:05d}.json} with its sha256
     */
    public record ShardEntry(int index, int from, int to, StoredObject manifest) {
    }

    /** The merged manifest of a bulk job: no objects of its own, every shard manifest in order. */
    public static JobManifest bulk(JobRequest request, String modelName, String modelVersion, Instant created,
            List<ShardEntry> shards) {
        return bulk(request, modelName, modelVersion, created, shards, null);
    }

    /** The merged manifest of a bulk job with its {@code lineage}. */
    public static JobManifest bulk(JobRequest request, String modelName, String modelVersion, Instant created,
            List<ShardEntry> shards, Lineage lineage) {
        return new JobManifest(FORMAT_VERSION, request.jobId(), request, modelName, modelVersion, created, List.of(),
                shards, lineage);
    }

    /** Images of a bulk job counted from its shards (0 for a single job). */
    public int shardImageCount() {
        return shards == null ? 0 : shards.stream().mapToInt(s -> s.to() - s.from()).sum();
    }

    /** A manifest of the current format for {@code request}. */
    public static JobManifest of(JobRequest request, String modelName, String modelVersion, Instant created,
            List<StoredObject> objects) {
        return of(request, modelName, modelVersion, created, objects, null);
    }

    /** A manifest of the current format for {@code request}, with its {@code lineage}. */
    public static JobManifest of(JobRequest request, String modelName, String modelVersion, Instant created,
            List<StoredObject> objects, Lineage lineage) {
        return new JobManifest(FORMAT_VERSION, request.jobId(), request, modelName, modelVersion, created, objects,
                null, lineage);
    }

    /** Key of this manifest, {@code jobs/{jobId}/manifest.json}. */
    public String key() {
        return ObjectKeys.jobManifestKey(jobId);
    }
}
