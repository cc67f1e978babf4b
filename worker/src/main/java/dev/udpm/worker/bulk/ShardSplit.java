package dev.udpm.worker.bulk;

import java.util.ArrayList;
import java.util.List;

import dev.udpm.schemas.job.ShardRange;

/**
 * How a bulk job of {@code count} images is cut: consecutive ranges of {@code size} images (the last may be
 * shorter), where {@code size} is the configured shard size, enlarged when needed so that there are at most
 * {@code maxShards} shards. A pure function: a redelivered job is cut the same way (the split is also stored in
 * {@code bulk.json}, so a changed shard size does not change a job already split).
 */
public final class ShardSplit {

    private ShardSplit() {
    }

    /**
     * The shards of a job of {@code count} images.
     *
     * @throws IllegalArgumentException if a number is below 1
     */
    public static List<ShardRange> ranges(int count, int shardSize, int maxShards) {
        if (count < 1 || shardSize < 1 || maxShards < 1) {
            throw new IllegalArgumentException("count (" + count + "), shard size (" + shardSize + ") and max shards ("
                    + maxShards + ") must be >= 1");
        }
        int size = Math.max(shardSize, ceilDiv(count, maxShards));
        int shards = ceilDiv(count, size);
        List<ShardRange> out = new ArrayList<>(shards);
        for (int k = 0; k < shards; k++) {
            int from = k * size;
            out.add(new ShardRange(k, shards, from, Math.min(count, from + size)));
        }
        return out;
    }

    private static int ceilDiv(int a, int b) {
        return (int) ((a + (long) b - 1) / b);
    }
}
