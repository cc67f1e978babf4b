package dev.udpm.worker.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobProgress;
import org.jboss.logging.Logger;

/**
 * Each job's events as this instance read them from {@code udpm.job-events}, and the live fan-out of new ones to
 * subscribers ({@code GET /v1/jobs/{jobId}/events}). It is fed by the job-status store's update processor
 * ({@link JobStateUpdater}) on the store's one global consumer, so it holds what the store holds, on every
 * instance, rebuilt the same way at start-up, and N subscribers cost no Kafka consumer at all.
 *
 * <p>What it keeps per job, the events of its latest attempt that changed the job's state (events the fold
 * ignores, such as a {@code failed JOB_ID_CONFLICT} of another request, are not the job's and are left out):
 * {@code accepted}, the latest {@code progress} per shard (an older progress of the same shard is dropped when a
 * newer one arrives: a late subscriber wants where the job stands, not every step), and the terminal event(s). When
 * a job that has ended starts again (a resent request), its earlier attempt is forgotten. So memory grows like the
 * status store's: a few events per job within the topic's retention.
 *
 * <p>Every entry is identified by its Kafka offset in the job's partition, the same on every instance; offsets of
 * one job only grow, so a subscriber resumes after an offset without repeats. A record of the job on another
 * partition than its first (not written by the default partitioner) and a record at or below the job's newest
 * offset (the store being rebuilt) are skipped.
 *
 * <p>Thread-safety: appends come from the store's one thread; subscribe and cancel from any thread (cancel takes no
 * lock, so a subscriber may cancel from within its own callback or while holding a lock of its own). Subscribers
 * are called under the job's lock and must not block (they hand the entry to a bounded buffer).
 */
public final class JobEventJournal {

    private static final Logger LOG = Logger.getLogger(JobEventJournal.class);

    /**
     * One event of a job.
     *
     * @param offset  its offset in the job's {@code udpm.job-events} partition
     * @param type    its {@code type}: accepted, progress, completed, failed, cancelled
     * @param json    the record's value, exactly as on the topic
     * @param endsJob whether the job's state became terminal with it (the stream of the attempt ends here)
     */
    public record Entry(long offset, String type, String json, boolean endsJob) {
    }

    /** A registration of one subscriber; {@link #cancel()} removes it (idempotent). */
    public interface Subscription {

        /**
         * Whether the job's latest attempt had already ended at or before the offset subscribed after: nothing more
         * of it will come.
         */
        boolean endedBefore();

        /** Stops the deliveries to this subscriber. */
        void cancel();
    }

    private final ConcurrentHashMap<String, JobLog> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger subscribers = new AtomicInteger();

    /**
     * Records an event of {@code jobId} read at {@code partition}/{@code offset} that changed the job's state, and
     * hands it to the job's subscribers.
     *
     * @param endsJob whether the job's state is terminal after it
     */
    public void append(String jobId, int partition, long offset, JobEvent event, String json, boolean endsJob) {
        JobLog log = jobs.computeIfAbsent(jobId, id -> new JobLog(partition));
        log.append(jobId, partition, new Entry(offset, event.eventType(), json, endsJob), shardOf(event));
    }

    /**
     * Replays the entries of {@code jobId} after {@code afterOffset} (all with {@code -1}) to {@code subscriber},
     * then hands it every new one until {@link Subscription#cancel()}; replay and registration are atomic, so no
     * event is missed or given twice. Call it only for a job the status store knows (the caller checks who may see
     * it): a job whose first event is being appended right now is subscribed to before it arrives.
     */
    public Subscription subscribe(String jobId, long afterOffset, Consumer<Entry> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        return jobs.computeIfAbsent(jobId, id -> new JobLog(-1)).subscribe(afterOffset, subscriber);
    }

    /** The entries of {@code jobId} now (empty if none). */
    public List<Entry> entries(String jobId) {
        JobLog log = jobs.get(jobId);
        return log == null ? List.of() : log.snapshot();
    }

    /** Subscribers registered now, over every job. */
    public int subscribers() {
        return subscribers.get();
    }

    /** The key under which a progress event replaces the previous one: its shard, -1 for a single job. */
    private static int shardOf(JobEvent event) {
        if (event instanceof JobProgress progress) {
            return progress.shard() == null ? -1 : progress.shard().index();
        }
        return Integer.MIN_VALUE;
    }

    private final class JobLog {

        /** The job's partition, -1 until its first event (a subscriber came first). */
        private int partition;
        private final List<Entry> entries = new ArrayList<>(4);
        /** Shard key of each progress entry (parallel to {@link #entries}; MIN_VALUE for other types). */
        private final List<Integer> shards = new ArrayList<>(4);
        /** Copy-on-write: a subscriber leaves without the job's lock (it may be on the store's thread already). */
        private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();
        private long newest = -1;

        JobLog(int partition) {
            this.partition = partition;
        }

        synchronized void append(String jobId, int recordPartition, Entry entry, int shard) {
            if (partition < 0) {
                partition = recordPartition;
            }
            if (recordPartition != partition) {
                LOG.warnf("Skipping an event of job %s on partition %d: the job's events are on partition %d"
                        + " (records keyed by jobId, default partitioner)", jobId, recordPartition, partition);
                return;
            }
            if (entry.offset() <= newest) {
                return;
            }
            newest = entry.offset();
            if (!entries.isEmpty() && entries.get(entries.size() - 1).endsJob() && !entry.endsJob()) {
                entries.clear();
                shards.clear();
            }
            if (shard != Integer.MIN_VALUE) {
                for (int i = shards.size() - 1; i >= 0; i--) {
                    if (shards.get(i) == shard) {
                        entries.remove(i);
                        shards.remove(i);
                    }
                }
            }
            entries.add(entry);
            shards.add(shard);
            for (Consumer<Entry> listener : listeners) {
                deliver(jobId, listener, entry);
            }
        }

        synchronized Subscription subscribe(long afterOffset, Consumer<Entry> subscriber) {
            boolean ended = false;
            boolean any = false;
            for (Entry entry : entries) {
                if (entry.offset() > afterOffset) {
                    any = true;
                    subscriber.accept(entry);
                }
            }
            if (!any && !entries.isEmpty() && entries.get(entries.size() - 1).endsJob()) {
                ended = true;
            }
            listeners.add(subscriber);
            subscribers.incrementAndGet();
            boolean endedBefore = ended;
            return new Subscription() {
                @Override
                public boolean endedBefore() {
                    return endedBefore;
                }

                @Override
                public void cancel() {
                    if (listeners.remove(subscriber)) {
                        subscribers.decrementAndGet();
                    }
                }
            };
        }

        synchronized List<Entry> snapshot() {
            return List.copyOf(entries);
        }

        private void deliver(String jobId, Consumer<Entry> listener, Entry entry) {
            try {
                listener.accept(entry);
            } catch (RuntimeException e) {
                LOG.warnf("A subscriber of job %s failed on event %d and was removed: %s", jobId, entry.offset(),
                        e.toString());
                if (listeners.remove(listener)) {
                    subscribers.decrementAndGet();
                }
            }
        }
    }
}
