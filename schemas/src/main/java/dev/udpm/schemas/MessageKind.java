package dev.udpm.schemas;

import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.ShardManifest;
import dev.udpm.schemas.job.ShardTask;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.model.ModelStatus;

/** Every message of the contracts: its schema file and the Java type it binds to. */
public enum MessageKind {
    /** A job request on {@link Topics#JOBS}. */
    JOB_REQUEST("job-request.schema.json", JobRequest.class),
    /** A job event on {@link Topics#JOB_EVENTS}. */
    JOB_EVENT("job-event.schema.json", JobEvent.class),
    /** A model-published event on {@link Topics#MODELS}. */
    MODEL_PUBLISHED(ModelPublished.SCHEMA, ModelPublished.class),
    /** A model-status event on {@link Topics#MODEL_STATUS}. */
    MODEL_STATUS(ModelStatus.SCHEMA, ModelStatus.class),
    /** A model version's {@code manifest.json} in the object store. */
    MODEL_MANIFEST(ModelManifest.SCHEMA, ModelManifest.class),
    /** A job's {@code manifest.json} in the object store. */
    JOB_MANIFEST(JobManifest.SCHEMA, JobManifest.class),
    /** A shard task of a bulk job on {@link Topics#JOBS} ({@code generate-shard}, {@code shard-done}). */
    SHARD_TASK(ShardTask.SCHEMA, ShardTask.class),
    /** A shard's {@code jobs/{jobId}/shards/{index:05d}.json} in the object store. */
    SHARD_MANIFEST(ShardManifest.SCHEMA, ShardManifest.class),
    /** A line of a job's {@code index.jsonl}, and the {@code .json} member of a sample in a tar shard. */
    SAMPLE_RECORD(SampleRecord.SCHEMA, SampleRecord.class);

    private final String schemaFile;
    private final Class<?> javaType;

    MessageKind(String schemaFile, Class<?> javaType) {
        this.schemaFile = schemaFile;
        this.javaType = javaType;
    }

    /** The schema's base name, e.g. {@code job-request}; example files are named {@code <baseName>[-what].json}. */
    public String baseName() {
        return schemaFile.substring(0, schemaFile.length() - ".schema.json".length());
    }

    /** File name of the schema under {@code udpm/schemas/} on the classpath. */
    public String schemaFile() {
        return schemaFile;
    }

    /** The {@code $id} of the schema. */
    public String schemaId() {
        return SchemaResources.idOf(schemaFile);
    }

    /** The record (or sealed interface) the message binds to. */
    public Class<?> javaType() {
        return javaType;
    }
}
