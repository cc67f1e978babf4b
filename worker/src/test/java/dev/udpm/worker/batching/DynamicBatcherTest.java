package dev.udpm.worker.batching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The batching rules of {@link DynamicBatcher}, on a fake clock (plus one real-time wait). */
class DynamicBatcherTest {

    private static final ModelKey A = new ModelKey("tiny", "1");
    private static final ModelKey B = new ModelKey("tiny", "2");
    private static final Duration WAIT = Duration.ofMillis(50);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final DynamicBatcher<String> batcher = new DynamicBatcher<>(new BatchPolicy(8, WAIT), now::get);

    @Test
    void fullBatchRunsAtOnceAndMixesJobsOfTheSameModel() {
        batcher.submit("j1", A, 0, range(0, 5));
        batcher.submit("j2", A, 0, range(0, 5));
        batcher.submit("j3", A, 0, range(0, 5));

        Batch<String> first = batcher.poll().orElseThrow(() -> new AssertionError("15 images >= 8: a batch is due"));
        assertEquals(8, first.size());
        assertSlices(first, "j1", range(0, 5), "j2", range(0, 3));

        assertEquals(Optional.empty(), batcher.poll(), "7 images < 8 and no wait elapsed: nothing is due");
        now.addAndGet(WAIT.toNanos());
        Batch<String> second = batcher.poll().orElseThrow(() -> new AssertionError("max wait elapsed: due"));
        assertSlices(second, "j2", new int[] {3, 4}, "j3", range(0, 5));
        assertEquals(0, batcher.queuedImages());
    }

    @Test
    void partialBatchWaitsExactlyMaxWait() {
        batcher.submit("j1", A, 0, range(0, 3));

        now.addAndGet(WAIT.toNanos() - 1);
        assertEquals(Optional.empty(), batcher.poll(), "1 ns before max wait nothing is due");
        assertEquals(1, batcher.nanosUntilDue());
        now.addAndGet(1);
        assertEquals(3, batcher.poll().orElseThrow().size());
        assertEquals(Long.MAX_VALUE, batcher.nanosUntilDue(), "nothing queued");
    }

    @Test
    void largeJobIsCutIntoBatchesOfAtMostMaxSizeInIndexOrder() {
        batcher.submit("big", A, 0, range(0, 20));

        assertSlices(batcher.poll().orElseThrow(), "big", range(0, 8));
        assertSlices(batcher.poll().orElseThrow(), "big", range(8, 16));
        assertEquals(Optional.empty(), batcher.poll(), "4 left, submitted just now: waits for companions");
        batcher.submit("small", A, 0, range(0, 2));
        now.addAndGet(WAIT.toNanos());
        assertSlices(batcher.poll().orElseThrow(), "big", range(16, 20), "small", range(0, 2));
    }

    @Test
    void higherPriorityJobsGoFirstWithinABatchAndAcrossBatches() {
        batcher.submit("low", A, -3, range(0, 6));
        batcher.submit("normal", A, 0, range(0, 6));
        batcher.submit("urgent", A, 7, range(0, 6));

        assertSlices(batcher.poll().orElseThrow(), "urgent", range(0, 6), "normal", range(0, 2));
        assertSlices(batcher.poll().orElseThrow(), "normal", range(2, 6), "low", range(0, 4));
    }

    @Test
    void equalPriorityRunsInSubmissionOrder() {
        batcher.submit("first", A, 2, range(0, 5));
        batcher.submit("second", A, 2, range(0, 5));

        assertSlices(batcher.poll().orElseThrow(), "first", range(0, 5), "second", range(0, 3));
    }

    @Test
    void resumedWorkRunsBeforeTheBacklogOfItsPriorityButNotBeforeAHigherPriority() {
        batcher.submit("own-1", A, 0, null, false, range(0, 6));
        batcher.submit("own-2", A, 0, null, false, range(0, 6));
        batcher.submit("moved-here", A, 0, null, true, range(10, 14));
        batcher.submit("urgent", A, 5, null, false, range(0, 2));

        assertSlices(batcher.poll().orElseThrow(), "urgent", range(0, 2), "moved-here", range(10, 14),
                "own-1", range(0, 2));
        assertSlices(batcher.poll().orElseThrow(), "own-1", range(2, 6), "own-2", range(0, 4));
    }

    @Test
    void jobsOfDifferentModelVersionsNeverShareABatch() {
        batcher.submit("a1", A, 0, range(0, 2));
        batcher.submit("b1", B, 0, range(0, 3));
        batcher.submit("a2", A, 0, range(0, 2));
        now.addAndGet(WAIT.toNanos());

        Batch<String> first = batcher.poll().orElseThrow();
        assertEquals(A, first.model(), "both queues are due; A holds the earliest job");
        assertSlices(first, "a1", range(0, 2), "a2", range(0, 2));
        Batch<String> second = batcher.poll().orElseThrow();
        assertEquals(B, second.model());
        assertSlices(second, "b1", range(0, 3));
    }

    @Test
    void amongDueModelsTheOneHoldingTheHighestPriorityJobGoesFirst() {
        batcher.submit("a", A, 0, range(0, 2));
        batcher.submit("b", B, 5, range(0, 2));
        now.addAndGet(WAIT.toNanos());

        assertEquals(B, batcher.poll().orElseThrow().model());
        assertEquals(A, batcher.poll().orElseThrow().model());
    }

    @Test
    void aFullQueueOfOneModelDoesNotWaitForAnotherModelsDeadline() {
        batcher.submit("b", B, 9, range(0, 2)); // higher priority, but not due yet
        batcher.submit("a", A, 0, range(0, 8)); // full

        assertEquals(A, batcher.poll().orElseThrow().model(), "only A is due");
    }

    @Test
    void sliceReportsHowLongItsImagesWaited() {
        batcher.submit("j1", A, 0, range(0, 2));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(70));

        BatchSlice<String> slice = batcher.poll().orElseThrow().slices().get(0);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(70), slice.waitedNanos());
    }

    @Test
    void cancelDropsOnlyTheQueuedImagesOfThatJob() {
        batcher.submit("keep", A, 0, range(0, 3));
        batcher.submit("drop", A, 0, range(0, 9));
        assertEquals(8, batcher.poll().orElseThrow().size());

        assertEquals(4, batcher.cancel("drop"), "9 images, 5 already handed out");
        assertEquals(0, batcher.cancel("drop"));
        assertEquals(0, batcher.queuedImages());
    }

    @Test
    void skippedIndicesAreNotComputed() {
        batcher.submit("resumed", A, 0, new int[] {1, 4, 5});
        now.addAndGet(WAIT.toNanos());

        assertSlices(batcher.poll().orElseThrow(), "resumed", new int[] {1, 4, 5});
    }

    @Test
    void submittingAJobTwiceOrAfterCloseIsRejected() {
        batcher.submit("j1", A, 0, range(0, 1));
        assertThrows(IllegalArgumentException.class, () -> batcher.submit("j1", A, 0, range(0, 1)));
        batcher.close();
        assertThrows(IllegalStateException.class, () -> batcher.submit("j2", A, 0, range(0, 1)));
    }

    @Test
    void takeWaitsForMaxWaitOnTheRealClockAndCloseReleasesIt() throws Exception {
        DynamicBatcher<String> real = new DynamicBatcher<>(new BatchPolicy(8, Duration.ofMillis(80)));
        long t0 = System.nanoTime();
        real.submit("j1", A, 0, range(0, 2));
        Batch<String> batch = real.take().orElseThrow();
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(2, batch.size());
        assertTrue(waitedMs >= 79, "a partial batch must wait ~80 ms for companions, waited " + waitedMs + " ms");

        CompletableFuture<Optional<Batch<String>>> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return real.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        real.close();
        assertEquals(Optional.empty(), blocked.get(5, TimeUnit.SECONDS), "close() must release a waiting take()");
    }

    private static int[] range(int from, int to) {
        return IntStream.range(from, to).toArray();
    }

    private static void assertSlices(Batch<String> batch, Object... jobAndIndices) {
        List<BatchSlice<String>> slices = batch.slices();
        assertEquals(jobAndIndices.length / 2, slices.size(), "slices of " + slices);
        for (int i = 0; i < slices.size(); i++) {
            assertEquals(jobAndIndices[2 * i], slices.get(i).job(), "job of slice " + i);
            assertArrayEquals((int[]) jobAndIndices[2 * i + 1], slices.get(i).indices(), "indices of slice " + i);
        }
    }
}
