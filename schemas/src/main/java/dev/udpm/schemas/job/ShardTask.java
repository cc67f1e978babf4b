package dev.udpm.schemas.job;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A worker-to-worker record of a bulk job on {@code udpm.jobs} (schema {@code shard-task.schema.json}); the JSON
 * property {@code type} selects the record. {@link #recordKey()} is the Kafka key it must travel with.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = GenerateShard.class, name = GenerateShard.TYPE),
    @JsonSubTypes.Type(value = ShardDone.class, name = ShardDone.TYPE)
})
public sealed interface ShardTask permits GenerateShard, ShardDone {

    /** Schema file of these records. */
    String SCHEMA = "shard-task.schema.json";

    /** The wire values of {@code type}; a udpm.jobs record with one of them is a shard task, not a job request. */
    java.util.Set<String> TYPES = java.util.Set.of(GenerateShard.TYPE, ShardDone.TYPE);

    /** The parent bulk job. */
    String jobId();

    /** Which shard. */
    ShardRange shard();

    /** The Kafka key of the record. */
    String recordKey();

    /** {@code {jobId}#s{index}}: the key of a generate-shard record (spreads one job's shards over partitions). */
    static String shardKey(String jobId, int index) {
        return jobId + "#s" + index;
    }
}
