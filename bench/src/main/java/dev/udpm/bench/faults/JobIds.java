package dev.udpm.bench.faults;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/**
 * Job ids that spread a workload's jobs evenly over the jobs topic's partitions: job {@code j} lands on partition
 * {@code j mod partitions} (the producer's default partitioner for a keyed record: murmur2 of the key). The undisturbed
 * run and the faulted run of a workload then load the workers alike: with ids left to chance, 20 jobs on 4 partitions
 * split between two workers anywhere from 10/10 to 14/6 or worse, and the undisturbed run's duration varied by
 * +-10 s from that alone.
 */
final class JobIds {

    private JobIds() {
    }

    /** {@code count} ids {@code prefix-j} (with {@code .k} appended, the smallest k that lands it) in job order. */
    static List<String> spread(String prefix, int count, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        List<String> ids = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            String id = prefix + "-" + j;
            for (int k = 0; partition(id, partitions) != j % partitions; k++) {
                id = prefix + "-" + j + "." + k;
            }
            ids.add(id);
        }
        return ids;
    }

    /** The partition the producer picks for a record keyed {@code jobId} (its own function, no custom partitioner). */
    static int partition(String jobId, int partitions) {
        return BuiltInPartitioner.partitionForKey(jobId.getBytes(StandardCharsets.UTF_8), partitions);
    }
}
