package dev.udpm.schemas.job;

import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.SchemaResources;
import dev.udpm.schemas.StoredObject;
import java.time.Instant;
import java.util.List;

/**
 * {@code jobs/{jobId}/shards/{index:05d}.json} (schema {@code shard-manifest.schema.json}): written LAST by the
 * worker that ran a shard, after its images.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param jobId the bulk job
 * @param shard the range
 * @param modelName model that made the images
 * @param modelVersion exact version
 * @param workerId the worker that finished the shard
 * @param created when the manifest was written
 * @param objects images from..to-1 in index order
 * @param lineage what made the shard's images on its worker, {@code null} in shard manifests written before it
 */
public record ShardManifest(int formatVersion, String jobId, ShardRange shard, String modelName,
        String modelVersion, String workerId, Instant created, List<StoredObject> objects, Lineage lineage) {

    /** Schema file of this record. */
    public static final String SCHEMA = "shard-manifest.schema.json";

    /** The format this code writes; read from the schema's {@code formatVersion.const}. */
    public static final int FORMAT_VERSION =
            (int) SchemaResources.readInteger(SCHEMA, "/properties/formatVersion/const");

    public ShardManifest {
        objects = Collections2.copy(objects);
    }

    /** A shard manifest without lineage (as written before it existed). */
    public ShardManifest(int formatVersion, String jobId, ShardRange shard, String modelName, String modelVersion,
            String workerId, Instant created, List<StoredObject> objects) {
        this(formatVersion, jobId, shard, modelName, modelVersion, workerId, created, objects, null);
    }

    /** A shard manifest of the current format. */
    public static ShardManifest of(String jobId, ShardRange shard, String modelName, String modelVersion,
            String workerId, Instant created, List<StoredObject> objects) {
        return of(jobId, shard, modelName, modelVersion, workerId, created, objects, null);
    }

    /** A shard manifest of the current format with its {@code lineage}. */
    public static ShardManifest of(String jobId, ShardRange shard, String modelName, String modelVersion,
            String workerId, Instant created, List<StoredObject> objects, Lineage lineage) {
        return new ShardManifest(FORMAT_VERSION, jobId, shard, modelName, modelVersion, workerId, created, objects,
                lineage);
    }

    /** Its key, {@code jobs/{jobId}/shards/{index:05d}.json}. */
    public String key() {
        return ObjectKeys.shardManifestKey(jobId, shard.index());
    }
}
