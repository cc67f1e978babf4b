package dev.udpm.worker.events;

import java.util.concurrent.CompletionStage;

import dev.udpm.schemas.job.ShardTask;

/** Writes worker-to-worker shard records of bulk jobs to {@code udpm.jobs}, keyed by {@link ShardTask#recordKey()}. */
public interface ShardTaskSink {

    /** Writes {@code task}; the stage completes once the broker acknowledged it. */
    CompletionStage<Void> publish(ShardTask task);
}
