package dev.udpm.worker.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobProgress;
import org.junit.jupiter.api.Test;

/** The per-job event journal in memory (the store's processor feeds it in the end-to-end tests). */
class JobEventJournalTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private final JobEventJournal journal = new JobEventJournal();

    @Test
    void aSubscriberGetsTheEventsAfterItsOffsetThenTheLiveOnesWithoutRepeats() {
        append("j", 10, new JobAccepted("j", T, "w", null), false);
        append("j", 12, progress("j", 4, null), false);
        List<Long> seen = new ArrayList<>();
        JobEventJournal.Subscription sub = journal.subscribe("j", 10, e -> seen.add(e.offset()));
        assertFalse(sub.endedBefore());
        assertEquals(List.of(12L), seen, "only what came after offset 10");
        append("j", 15, progress("j", 8, null), false);
        append("j", 15, progress("j", 8, null), false);
        append("j", 14, progress("j", 6, null), false);
        append("j", 20, new JobCancelled("j", T, "w", null), true);
        assertEquals(List.of(12L, 15L, 20L), seen, "an offset at or below the newest is a re-read, skipped");
        assertEquals(1, journal.subscribers());
        sub.cancel();
        sub.cancel();
        assertEquals(0, journal.subscribers());
        append("j", 21, new JobCancelled("j", T, "w", null), true);
        assertEquals(List.of(12L, 15L, 20L), seen, "nothing after cancel");
    }

    @Test
    void onlyTheLatestProgressPerShardIsKeptAndANewAttemptForgetsTheOldOne() {
        append("b", 1, new JobAccepted("b", T, "w", null), false);
        append("b", 2, progress("b", 1, 0), false);
        append("b", 3, progress("b", 1, 1), false);
        append("b", 4, progress("b", 2, 0), false);
        assertEquals(List.of(1L, 3L, 4L), offsets("b"), "shard 0's older progress dropped, shard 1's kept");
        append("b", 5, new JobCancelled("b", T, "w", null), true);
        JobEventJournal.Subscription late = journal.subscribe("b", 5, e -> { });
        assertTrue(late.endedBefore(), "after the last event of an ended job nothing more comes");
        late.cancel();
        append("b", 9, new JobAccepted("b", T, "w2", null), false);
        assertEquals(List.of(9L), offsets("b"), "a resent job starts afresh");
    }

    @Test
    void anEventOfTheJobOnAnotherPartitionIsSkippedAndASubscriberMayComeFirst() {
        List<String> seen = new ArrayList<>();
        JobEventJournal.Subscription early = journal.subscribe("p", -1, e -> seen.add(e.type()));
        assertFalse(early.endedBefore());
        append("p", 0, 7, new JobAccepted("p", T, "w", null), false);
        append("p", 1, 8, progress("p", 1, null), false);
        append("p", 0, 9, progress("p", 2, null), false);
        assertEquals(List.of("accepted", "progress"), seen);
        assertEquals(List.of(7L, 9L), offsets("p"));
    }

    @Test
    void aFailingSubscriberIsRemovedAndOthersGoOn() {
        append("f", 1, new JobAccepted("f", T, "w", null), false);
        List<Long> good = new ArrayList<>();
        JobEventJournal.Subscription bad = journal.subscribe("f", 1, e -> {
            throw new IllegalStateException("full");
        });
        journal.subscribe("f", 1, e -> good.add(e.offset()));
        append("f", 2, progress("f", 1, null), false);
        append("f", 3, progress("f", 2, null), false);
        assertEquals(List.of(2L, 3L), good);
        assertEquals(1, journal.subscribers());
        bad.cancel();
        assertEquals(1, journal.subscribers(), "cancelling a removed subscriber counts nothing twice");
    }

    private void append(String job, long offset, JobEvent event, boolean ends) {
        append(job, 0, offset, event, ends);
    }

    private void append(String job, int partition, long offset, JobEvent event, boolean ends) {
        journal.append(job, partition, offset, event, "{\"offset\":" + offset + "}", ends);
    }

    private List<Long> offsets(String job) {
        return journal.entries(job).stream().map(JobEventJournal.Entry::offset).toList();
    }

    private static JobProgress progress(String job, int done, Integer shard) {
        return new JobProgress(job, T, "w", null, done, 10,
                shard == null ? null : new JobProgress.ShardProgress(shard, 2, 20));
    }
}
