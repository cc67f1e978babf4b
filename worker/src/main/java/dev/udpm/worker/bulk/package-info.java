/**
 * Bulk generate jobs ({@code bulk: true}): {@link dev.udpm.worker.bulk.BulkJobSplitter} splits a job into shard tasks
 * on {@code udpm.jobs} ({@link dev.udpm.worker.bulk.ShardSplit}); the shards run in the job pipeline on every worker
 * ({@code JobPipeline#submitShard}); {@link dev.udpm.worker.bulk.ShardCompletion}, on the worker owning the job's
 * partition, merges the shard manifests and publishes the one {@code completed} event, or cancels the job.
 */
package dev.udpm.worker.bulk;
