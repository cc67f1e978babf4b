package dev.udpm.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobProgress;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Every job event from now on, recorded per job with the moment this JVM read it: a background thread reads every
 * partition of {@link Topics#JOB_EVENTS} from its end at opening (no consumer group, nothing committed) and rides
 * through broker outages as any consumer does. Unlike {@link JobEventTail}, which folds events into states, it keeps
 * every event, duplicates included: for clients that time jobs or count their terminal events (the benchmarks, the
 * fault suite). Thread-safe.
 */
public final class JobEventRecorder implements AutoCloseable {

    /** An event and when it was read ({@link System#nanoTime()}). */
    public record Seen(JobEvent event, long nanos) {
    }

    private static final Duration POLL = Duration.ofMillis(20);
    private static final long WAIT_STEP_MS = 5;

    private final KafkaConsumer<String, String> consumer;
    private final Consumer<String> warnings;
    private final Map<String, List<Seen>> byJob = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean running = true;

    private JobEventRecorder(KafkaConsumer<String, String> consumer, Consumer<String> warnings, String threadName) {
        this.consumer = consumer;
        this.warnings = warnings;
        this.reader = new Thread(this::read, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts recording at the current end of every partition (events written before this call are not seen).
     *
     * @param warnings told of every skipped record (not a valid job event, or under another job's key)
     * @param threadName the reader thread's name
     */
    public static JobEventRecorder startAtEnd(KafkaSettings settings, Consumer<String> warnings, String threadName) {
        return new JobEventRecorder(JobEventTail.consumerAtEnd(settings), warnings, threadName);
    }

    private void read() {
        try {
            while (running) {
                var records = consumer.poll(POLL);
                long now = System.nanoTime();
                records.forEach(r -> JobEventTail.parse(r, warnings).ifPresent(event -> byJob.computeIfAbsent(
                        event.jobId(), id -> Collections.synchronizedList(new ArrayList<>())).add(
                                new Seen(event, now))));
            }
        } catch (WakeupException closing) {
            // close() woke the poll up
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** The events of {@code jobId} read so far, in order. */
    public List<Seen> events(String jobId) {
        List<Seen> events = byJob.getOrDefault(jobId, List.of());
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The terminal events of {@code jobId} read so far (more than one only if the fleet answered it twice). */
    public List<Seen> terminals(String jobId) {
        return events(jobId).stream().filter(s -> s.event().terminal()).toList();
    }

    /** The first terminal event of {@code jobId}, if read. */
    public Optional<Seen> ending(String jobId) {
        return events(jobId).stream().filter(s -> s.event().terminal()).findFirst();
    }

    /** The first progress event of {@code jobId}, if read. */
    public Optional<Seen> firstProgress(String jobId) {
        return events(jobId).stream().filter(s -> s.event() instanceof JobProgress).findFirst();
    }

    /** The last progress event of {@code jobId} read so far. */
    public Optional<Seen> lastProgress(String jobId) {
        List<Seen> progress = events(jobId).stream().filter(s -> s.event() instanceof JobProgress).toList();
        return progress.isEmpty() ? Optional.empty() : Optional.of(progress.get(progress.size() - 1));
    }

    /** Whether every job of {@code jobIds} has a terminal event. */
    public boolean allEnded(Collection<String> jobIds) {
        return jobIds.stream().allMatch(id -> ending(id).isPresent());
    }

    /** Waits until every job of {@code jobIds} has a terminal event or {@code timeout} passes; whether they all did. */
    public boolean awaitEnded(Collection<String> jobIds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allEnded(jobIds)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(WAIT_STEP_MS);
        }
        return true;
    }

    /**
     * The first terminal event of {@code jobId}, waited for.
     *
     * @throws FleetException if none is read within {@code timeout}
     */
    public Seen awaitEnding(String jobId, Duration timeout) throws InterruptedException {
        if (!awaitEnded(List.of(jobId), timeout)) {
            throw new FleetException(FleetException.Kind.TIMED_OUT, "job " + jobId + " did not end within " + timeout);
        }
        return ending(jobId).orElseThrow();
    }

    /**
     * The first progress event of {@code jobId}, waited for.
     *
     * @throws FleetException if none is read within {@code timeout}
     */
    public Seen awaitProgress(String jobId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<Seen> first;
        while ((first = firstProgress(jobId)).isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                throw new FleetException(FleetException.Kind.TIMED_OUT, "job " + jobId + " reported no progress within "
                        + timeout);
            }
            Thread.sleep(WAIT_STEP_MS);
        }
        return first.get();
    }

    /** Stops the reader thread and closes its consumer. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        reader.join(10_000);
    }
}
