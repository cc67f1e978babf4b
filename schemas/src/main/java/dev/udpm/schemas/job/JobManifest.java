package dev.udpm.schemas.job;

import java.time.Instant;
import java.util.List;

import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.SampleRecord;
import dev.udpm.schemas.SchemaResources;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.TarShard;

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
 * @param objects       the job's image objects in index order (format shards: its tar shards), grid last; empty for a
 *                      bulk job; not the index
 * @param shards        bulk jobs: every shard manifest in shard order, else {@code null}
 * @param modelManifestSha256 SHA-256 of the model version's {@code manifest.json}, or {@code null} (older manifests)
 * @param samples       every image in index order with label, seed and position (without the model fields), or
 *                      {@code null} (older manifests, and a bulk job's merged manifest: its shard manifests list them)
 * @param index         {@code jobs/{jobId}/index.jsonl}, or {@code null} (older manifests)
 * @param tarShards     format shards: every tar shard in index order, else {@code null}
 * @param lineage       what made the images ({@link Lineage}), {@code null} in manifests written before it existed
 */
public record JobManifest(int formatVersion, String jobId, JobRequest request, String modelName,
        String modelVersion, Instant created, List<StoredObject> objects, List<ShardEntry> shards,
        String modelManifestSha256, List<SampleRecord> samples, StoredObject index, List<TarShard> tarShards,
        Lineage lineage) {

    /** Schema file of this record. */
    public static final String SCHEMA = "job-manifest.schema.json";

    /** The format this code writes; read from the schema's {@code formatVersion.const}. */
    public static final int FORMAT_VERSION =
            (int) SchemaResources.readInteger(SCHEMA, "/properties/formatVersion/const");

    public JobManifest {
        objects = Collections2.copy(objects);
        shards = Collections2.copy(shards);
        samples = Collections2.copy(samples);
        tarShards = Collections2.copy(tarShards);
    }

    /** A manifest without the per-image metadata and lineage: the constructor before they existed. */
    public JobManifest(int formatVersion, String jobId, JobRequest request, String modelName, String modelVersion,
            Instant created, List<StoredObject> objects, List<ShardEntry> shards) {
        this(formatVersion, jobId, request, modelName, modelVersion, created, objects, shards, null, null, null, null,
                null);
    }

    /** A manifest of a single job (no shards). */
    public JobManifest(int formatVersion, String jobId, JobRequest request, String modelName, String modelVersion,
            Instant created, List<StoredObject> objects) {
        this(formatVersion, jobId, request, modelName, modelVersion, created, objects, null);
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
                shards, null, null, null, null, lineage);
    }

    /**
     * This manifest with the per-image metadata: the model's manifest sha256, the samples (may be {@code null}), the
     * index object and the tar shards (format shards, else {@code null}).
     */
    public JobManifest withSamples(String modelManifestSha256, List<SampleRecord> samples, StoredObject index,
            List<TarShard> tarShards) {
        return new JobManifest(formatVersion, jobId, request, modelName, modelVersion, created, objects, shards,
                modelManifestSha256, samples, index, tarShards, lineage);
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
                null, null, null, null, null, lineage);
    }

    /** Key of this manifest, {@code jobs/{jobId}/manifest.json}. */
    public String key() {
        return ObjectKeys.jobManifestKey(jobId);
    }
}
