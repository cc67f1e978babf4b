package dev.udpm.worker.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import dev.udpm.schemas.Limits;
import dev.udpm.schemas.job.ShardRange;
import org.junit.jupiter.api.Test;

class ShardSplitTest {

    @Test
    void consecutiveShardsOfTheConfiguredSizeWithAShorterLastOne() {
        assertEquals(List.of(new ShardRange(0, 3, 0, 8), new ShardRange(1, 3, 8, 16), new ShardRange(2, 3, 16, 20)),
                ShardSplit.ranges(20, 8, Limits.MAX_SHARDS));
        assertEquals(List.of(new ShardRange(0, 1, 0, 5)), ShardSplit.ranges(5, 8, Limits.MAX_SHARDS),
                "a job smaller than a shard is one shard");
    }

    @Test
    void everyImageIsInExactlyOneShardInOrder() {
        for (int count : new int[] {1, 7, 8, 9, 10_000, 99_999, 1_000_000}) {
            List<ShardRange> shards = ShardSplit.ranges(count, 10_000, Limits.MAX_SHARDS);
            int next = 0;
            for (int k = 0; k < shards.size(); k++) {
                ShardRange shard = shards.get(k);
                assertEquals(k, shard.index());
                assertEquals(shards.size(), shard.count());
                assertEquals(next, shard.from(), "shard " + k + " of count " + count + " starts where the last ended");
                next = shard.to();
            }
            assertEquals(count, next, "the shards of " + count + " images cover them all");
        }
    }

    @Test
    void theShardSizeGrowsToStayWithinTheMaximumNumberOfShards() {
        List<ShardRange> shards = ShardSplit.ranges(1_000_000, 8, 1000);
        assertEquals(1000, shards.size());
        assertEquals(1000, shards.get(0).size());
        assertEquals(1000, ShardSplit.ranges(999_999, 10, 1000).size());
    }

    @Test
    void nonPositiveArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ShardSplit.ranges(0, 8, 10));
        assertThrows(IllegalArgumentException.class, () -> ShardSplit.ranges(8, 0, 10));
    }
}
