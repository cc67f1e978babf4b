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
 * {@code jobs/{jobId}/shards/{index:05d}.json} (schema {@code shard-manifest.schema.json}): written LAST by the
 * worker that ran a shard, after its images. Its bytes are a function of the shard alone (no worker id, no time): the
 * store has no create-if-absent write, so two attempts of one shard may both write it, and the same bytes make the
 * later write harmless to a merge that already read the first.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param jobId the bulk job
 * @param shard the range
 * @param modelName model that made the images
 * @param modelVersion exact version
 * @param workerId older workers only: the worker that finished the shard; {@code null} now (shard-done names it)
 * @param created older workers only: when the manifest was written; {@code null} now
 * @param objects images from..to-1 in index order (format shards: the shard's tar shards)
 * @param modelManifestSha256 SHA-256 of the model version's {@code manifest.json}, or {@code null} (older manifests)
 * @param samples images from..to-1 with label, seed and position (without the model fields), or {@code null}; the
 *     merge builds the job's {@code index.jsonl} from them and this manifest's model fields
 * @param index older workers only: {@code jobs/{jobId}/shards/{index:05d}.jsonl}, the index lines of the shard; now
 *     {@code null}
 * @param tarShards format shards: the shard's tar shards, else {@code null}
 * @param lineage what made the shard's images on its worker, {@code null} in shard manifests written before it
 */
public record ShardManifest(int formatVersion, String jobId, ShardRange shard, String modelName,
        String modelVersion, String workerId, Instant created, List<StoredObject> objects,
        String modelManifestSha256, List<SampleRecord> samples, StoredObject index, List<TarShard> tarShards,
        Lineage lineage) {

    /** Schema file of this record. */
    public static final String SCHEMA = "shard-manifest.schema.json";

    /** The format this code writes; read from the schema's {@code formatVersion.const}. */
    public static final int FORMAT_VERSION =
            (int) SchemaResources.readInteger(SCHEMA, "/properties/formatVersion/const");

    public ShardManifest {
        objects = Collections2.copy(objects);
        samples = Collections2.copy(samples);
        tarShards = Collections2.copy(tarShards);
    }

    /** This manifest with the per-image metadata (see {@link JobManifest#withSamples}). */
    public ShardManifest withSamples(String modelManifestSha256, List<SampleRecord> samples, StoredObject index,
            List<TarShard> tarShards) {
        return new ShardManifest(formatVersion, jobId, shard, modelName, modelVersion, workerId, created, objects,
                modelManifestSha256, samples, index, tarShards, lineage);
    }

    /** A shard manifest of the current format with its {@code lineage} (or {@code null}). */
    public static ShardManifest of(String jobId, ShardRange shard, String modelName, String modelVersion,
            List<StoredObject> objects, Lineage lineage) {
        return new ShardManifest(FORMAT_VERSION, jobId, shard, modelName, modelVersion, null, null, objects, null,
                null, null, null, lineage);
    }

    /** Its key, {@code jobs/{jobId}/shards/{index:05d}.json}. */
    public String key() {
        return ObjectKeys.shardManifestKey(jobId, shard.index());
    }
}
