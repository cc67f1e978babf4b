package dev.udpm.worker.events;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import dev.udpm.schemas.job.ShardTask;

/** Writes worker-to-worker shard records of bulk jobs to {@code udpm.jobs}, keyed by {@link ShardTask#recordKey()}. */
public interface ShardTaskSink {

    /** Writes {@code task}; the stage completes once the broker acknowledged it. */
    default CompletionStage<Void> publish(ShardTask task) {
        return publish(task, Map.of());
    }

    /**
     * Writes {@code task} with {@code traceContext} as its record's headers (W3C {@code traceparent},
     * {@code tracestate}: the worker that takes the record continues that trace); the stage completes once the broker
     * acknowledged it.
     */
    CompletionStage<Void> publish(ShardTask task, Map<String, String> traceContext);
}
