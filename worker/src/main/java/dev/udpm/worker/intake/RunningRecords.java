package dev.udpm.worker.intake;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs and shards running on this worker, by the {@code udpm.jobs} partition their record came from, so that a
 * rebalance that takes partitions away can hand their running work over to the new owner. Thread-safe.
 */
final class RunningRecords {

    private final Map<Integer, Set<String>> byPartition = new ConcurrentHashMap<>();

    /** The job or shard {@code key} (the pipeline's key) runs from a record of {@code partition}. */
    void started(int partition, String key) {
        byPartition.computeIfAbsent(partition, p -> ConcurrentHashMap.newKeySet()).add(key);
    }

    /** It ended (however). */
    void ended(int partition, String key) {
        byPartition.computeIfPresent(partition, (p, keys) -> {
            keys.remove(key);
            return keys.isEmpty() ? null : keys;
        });
    }

    /** The keys running from records of {@code partitions}. */
    List<String> of(Collection<Integer> partitions) {
        return partitions.stream().flatMap(p -> byPartition.getOrDefault(p, Set.of()).stream()).toList();
    }
}
