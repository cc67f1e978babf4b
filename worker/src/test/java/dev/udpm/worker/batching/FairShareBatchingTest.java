package dev.udpm.worker.batching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The order in which {@link DynamicBatcher} serves tenants with and without {@link FairShare}, on a fake clock. */
class FairShareBatchingTest {

    private static final ModelKey X = new ModelKey("tiny", "1");
    private static final ModelKey Y = new ModelKey("tiny", "2");
    private static final Duration WAIT = Duration.ofMillis(50);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aSmallJobOfAnotherTenantRunsInTheNextBatchBesideABulkJob() {
        DynamicBatcher<String> batcher = batcher(FairShare.equalShares());
        batcher.submit("bulk", X, 0, "a", range(0, 1000));
        assertSlices(batcher.poll().orElseThrow(), "bulk", range(0, 8));
        assertSlices(batcher.poll().orElseThrow(), "bulk", range(8, 16));

        batcher.submit("small", X, 0, "b", range(0, 4));

        assertSlices(batcher.poll().orElseThrow(), "small", range(0, 4), "bulk", range(16, 20));
        assertSlices(batcher.poll().orElseThrow(), "bulk", range(20, 28));
    }

    @Test
    void withoutFairShareTheSmallJobWaitsForTheWholeBulkJob() {
        DynamicBatcher<String> batcher = batcher(FairShare.off());
        batcher.submit("bulk", X, 0, "a", range(0, 1000));
        batcher.poll().orElseThrow();
        batcher.submit("small", X, 0, "b", range(0, 4));
        now.addAndGet(WAIT.toNanos());

        int batchesBefore = 0;
        Batch<String> batch;
        while (!(batch = batcher.poll().orElseThrow()).slices().stream().anyMatch(s -> s.job().equals("small"))) {
            batchesBefore++;
        }
        assertEquals(124, batchesBefore, "the 992 bulk images left are 124 batches of 8, all before the small job");
        assertSlices(batch, "small", range(0, 4));
    }

    @Test
    void sharesWeighTheTurns() {
        DynamicBatcher<String> batcher = batcher(new FairShare(true, "default", Map.of("a", 3), 1));
        batcher.submit("a-bulk", X, 0, "a", range(0, 600));
        batcher.submit("b-bulk", X, 0, "b", range(0, 600));

        Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            for (BatchSlice<String> slice : batcher.poll().orElseThrow().slices()) {
                served.merge(slice.job(), slice.size(), Integer::sum);
            }
        }
        assertEquals(Map.of("a-bulk", 300, "b-bulk", 100), served, "400 images at share 3 : 1");
    }

    @Test
    void priorityStillComesFirstAndATenantsUrgentImagesCountAgainstItsTurn() {
        DynamicBatcher<String> batcher = batcher(FairShare.equalShares());
        batcher.submit("a-low", X, -1, "a", range(0, 8));
        batcher.submit("a-normal", X, 0, "a", range(0, 8));
        batcher.submit("b-normal", X, 0, "b", range(0, 2));
        batcher.submit("b-urgent", X, 5, "b", range(0, 3));

        // b's 3 urgent images go first and move b's turn 3 images on, so a gets 4 normal images (3 to catch up, 1
        // on the tie, which goes to the earlier job) before b's next one; the low-priority job waits for both
        assertSlices(batcher.poll().orElseThrow(), "b-urgent", range(0, 3), "a-normal", range(0, 4),
                "b-normal", range(0, 1));
        assertSlices(batcher.poll().orElseThrow(), "a-normal", range(4, 8), "b-normal", range(1, 2),
                "a-low", range(0, 3));
    }

    @Test
    void oneTenantsJobsRunFirstComeFirstServed() {
        DynamicBatcher<String> batcher = batcher(FairShare.equalShares());
        batcher.submit("a1", X, 0, "a", range(0, 6));
        batcher.submit("a2", X, 0, "a", range(0, 6));
        batcher.submit("b1", X, 0, "b", range(0, 6));

        assertSlices(batcher.poll().orElseThrow(), "a1", range(0, 4), "b1", range(0, 4));
        assertSlices(batcher.poll().orElseThrow(), "a1", range(4, 6), "b1", range(4, 6), "a2", range(0, 4));
    }

    @Test
    void waitingEarnsNoCredit() {
        DynamicBatcher<String> batcher = batcher(FairShare.equalShares());
        batcher.submit("a-bulk", X, 0, "a", range(0, 10_000));
        for (int i = 0; i < 100; i++) {
            batcher.poll().orElseThrow();
        }
        batcher.submit("b-bulk", X, 0, "b", range(0, 800));

        for (int i = 0; i < 20; i++) {
            Batch<String> batch = batcher.poll().orElseThrow();
            assertEquals(2, batch.slices().size(), "batch " + i + ": " + batch.slices());
            batch.slices().forEach(s -> assertEquals(4, s.size(), "an equal split, not b catching up: " + s));
        }
    }

    @Test
    void jobsWithoutTenantShareTheDefaultTenantsTurn() {
        DynamicBatcher<String> batcher = batcher(new FairShare(true, "kafka", Map.of(), 1));
        batcher.submit("anon1", X, 0, null, range(0, 8));
        batcher.submit("anon2", X, 0, null, range(0, 8));
        batcher.submit("named", X, 0, "kafka", range(0, 8));
        batcher.submit("other", X, 0, "b", range(0, 8));

        assertEquals(Map.of("kafka", 24, "b", 8), batcher.queuedImagesByTenant());
        assertSlices(batcher.poll().orElseThrow(), "anon1", range(0, 4), "other", range(0, 4));
    }

    @Test
    void theTenantNextInTurnPicksTheModelQueue() {
        DynamicBatcher<String> batcher = batcher(FairShare.equalShares());
        batcher.submit("bulk", X, 0, "a", range(0, 1000));
        batcher.poll().orElseThrow();
        batcher.submit("small", Y, 0, "b", range(0, 4));
        now.addAndGet(WAIT.toNanos());

        Batch<String> next = batcher.poll().orElseThrow();
        assertEquals(Y, next.model(), "b is earlier in turn than a, whose bulk job was queued first");
        assertSlices(next, "small", range(0, 4));
        assertEquals(X, batcher.poll().orElseThrow().model());
    }

    @Test
    void withoutFairShareTheEarliestJobPicksTheModelQueue() {
        DynamicBatcher<String> batcher = batcher(FairShare.off());
        batcher.submit("bulk", X, 0, "a", range(0, 1000));
        batcher.poll().orElseThrow();
        batcher.submit("small", Y, 0, "b", range(0, 4));
        now.addAndGet(WAIT.toNanos());

        assertEquals(X, batcher.poll().orElseThrow().model());
    }

    @Test
    void cancelAndHandOutKeepThePerTenantCountsExact() {
        DynamicBatcher<String> batcher = batcher(FairShare.equalShares());
        batcher.submit("a1", X, 0, "a", range(0, 10));
        batcher.submit("b1", X, 0, "b", range(0, 3));
        batcher.poll().orElseThrow();

        assertEquals(Map.of("a", 5), batcher.queuedImagesByTenant(), "b's 3 and 5 of a's 10 handed out");
        assertEquals(5, batcher.cancel("a1"));
        assertEquals(Map.of(), batcher.queuedImagesByTenant());
    }

    @Test
    void sharesOutsideOneToAThousandAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FairShare(true, "default", Map.of("a", 0), 1));
        assertTrue(e.getMessage().contains("tenant a"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FairShare(true, "default", Map.of(), 1001));
    }

    private DynamicBatcher<String> batcher(FairShare fairShare) {
        return new DynamicBatcher<>(new BatchPolicy(8, WAIT, fairShare), now::get);
    }

    private static int[] range(int from, int to) {
        return IntStream.range(from, to).toArray();
    }

    private static void assertSlices(Batch<String> batch, Object... jobAndIndices) {
        List<BatchSlice<String>> slices = batch.slices();
        assertEquals(jobAndIndices.length / 2, slices.size(), "slices of " + slices);
        for (int i = 0; i < slices.size(); i++) {
            assertEquals(jobAndIndices[2 * i], slices.get(i).job(), "slice " + i + " of " + slices);
            assertArrayEquals((int[]) jobAndIndices[2 * i + 1], slices.get(i).indices(), "slice " + i + " of " + slices);
        }
    }
}
