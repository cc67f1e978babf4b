package dev.udpm.bench.fairness;

import dev.udpm.bench.JobClient;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.validation.ContractValidator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads {@code udpm.job-events} on its own thread (from the end at creation) and records, per job, when its first
 * progress and its terminal event arrived ({@link System#nanoTime()}), so the bench can wait for jobs and time them.
 */
final class JobEventLog implements AutoCloseable {

    /** A job's terminal event: its type ({@code completed}, {@code failed}, {@code cancelled}) and arrival. */
    record Ending(String type, long nanos, String json) {
    }

    /** A progress event: images done and arrival. */
    record Progress(int done, long nanos) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, Ending> endings = new ConcurrentHashMap<>();
    private final Map<String, Progress> firstProgress = new ConcurrentHashMap<>();
    private final Map<String, Progress> lastProgress = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean closed;

    JobEventLog(String bootstrapServers) {
        consumer = JobClient.tailJobEvents(bootstrapServers);
        reader = new Thread(this::read, "fairness-job-events");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        while (!closed) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
                long at = System.nanoTime();
                JobEvent event = ContractValidator.shared().parseJobEvent(r.value());
                if (event.terminal()) {
                    endings.putIfAbsent(event.jobId(), new Ending(event.eventType(), at, r.value()));
                } else if (event instanceof JobProgress progress) {
                    firstProgress.putIfAbsent(event.jobId(), new Progress(progress.done(), at));
                    lastProgress.put(event.jobId(), new Progress(progress.done(), at));
                }
            }
        }
        consumer.close();
    }

    /**
     * Waits for {@code jobId}'s terminal event.
     *
     * @throws IllegalStateException if none arrives within {@code timeout}
     */
    Ending awaitEnd(String jobId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Ending ending = endings.get(jobId);
            if (ending != null) {
                return ending;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("job " + jobId + " did not end within " + timeout);
    }

    /** Whether {@code jobId}'s terminal event arrives within {@code timeout}. */
    boolean awaitEndWithin(String jobId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (endings.containsKey(jobId)) {
                return true;
            }
            Thread.sleep(5);
        }
        return endings.containsKey(jobId);
    }

    /** Waits for {@code jobId}'s first progress event (its images are being computed). */
    Progress awaitProgress(String jobId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Progress progress = firstProgress.get(jobId);
            if (progress != null) {
                return progress;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("job " + jobId + " reported no progress within " + timeout);
    }

    /** The last progress event of {@code jobId} so far, or null. */
    Progress lastProgress(String jobId) {
        return lastProgress.get(jobId);
    }

    /** Whether {@code jobId} has ended. */
    boolean ended(String jobId) {
        return endings.containsKey(jobId);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        reader.join(5000);
    }
}
