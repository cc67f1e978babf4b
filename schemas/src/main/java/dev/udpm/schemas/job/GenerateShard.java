package dev.udpm.schemas.job;

/**
 * {@code type: generate-shard}: make images {@code shard.from..shard.to-1} of the bulk job {@code request}, whose
 * {@code model.version} is pinned. Key {@link ShardTask#shardKey}.
 *
 * @param jobId the parent job (= {@code request.jobId})
 * @param shard the range
 * @param request the parent request, {@code bulk: true}, model version pinned
 */
public record GenerateShard(String jobId, ShardRange shard, GenerateJob request) implements ShardTask {

    /** Wire value of {@code type}. */
    public static final String TYPE = "generate-shard";

    @Override
    public String recordKey() {
        return ShardTask.shardKey(jobId, shard.index());
    }
}
