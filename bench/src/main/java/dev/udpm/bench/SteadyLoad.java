package dev.udpm.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.validation.ContractValidator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Open-loop load: writes one generate job of {@code imagesPerJob} images to {@code udpm.jobs} every
 * {@code 1 / jobsPerSecond} s, whatever the fleet does (a slow fleet queues, it does not slow the sender), and reads
 * every job's terminal event from {@code udpm.job-events} on its own thread. Latency = write -> terminal event, both
 * timed in this JVM.
 */
public final class SteadyLoad implements AutoCloseable {

    /** One job: when it was written and, once it ended, how ({@code outcome} null while running). */
    public record Job(String id, long submittedNanos, long endedNanos, String outcome, String modelVersion,
            String detail) {

        public boolean done() {
            return outcome != null;
        }

        public boolean completed() {
            return "completed".equals(outcome);
        }

        public double latencyMs() {
            return (endedNanos - submittedNanos) / 1e6;
        }
    }

    private final String model;
    private final int imagesPerJob;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-steady-load");
        t.setDaemon(true);
        return t;
    });
    private final Thread reader;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger sent = new AtomicInteger();
    private volatile boolean reading = true;
    private volatile RuntimeException readerFailure;

    /** Connects and starts reading events (from the current end of {@code udpm.job-events}); sends nothing yet. */
    public SteadyLoad(String bootstrapServers, String model, int imagesPerJob) {
        this.model = model;
        this.imagesPerJob = imagesPerJob;
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(),
                new StringSerializer());
        consumer = JobClient.tailJobEvents(bootstrapServers);
        reader = new Thread(this::read, "bench-steady-load-events");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts writing {@code jobsPerSecond} jobs per second (at a fixed rate, from now). */
    public void start(double jobsPerSecond) {
        long periodNanos = Math.max(1, Math.round(1e9 / jobsPerSecond));
        sender.scheduleAtFixedRate(this::sendOne, 0, periodNanos, TimeUnit.NANOSECONDS);
    }

    private void sendOne() {
        int n = sent.getAndIncrement();
        String id = "p6-" + run + "-" + n;
        long now = System.nanoTime();
        jobs.put(id, new Job(id, now, 0, null, null, null));
        producer.send(new ProducerRecord<>(Topics.JOBS, id, JobClient.generateJob(id, model, imagesPerJob, 5000 + n)));
    }

    /** Stops writing; jobs already written keep being tracked. */
    public void stopSending() throws InterruptedException {
        sender.shutdown();
        if (!sender.awaitTermination(10, TimeUnit.SECONDS)) {
            sender.shutdownNow();
        }
        producer.flush();
    }

    /** Waits until every written job has ended, or {@code timeout}; returns whether all ended. */
    public boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (readerFailure != null) {
                throw readerFailure;
            }
            if (jobs.values().stream().allMatch(Job::done)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Whether some completed event so far reports {@code version}; the earliest such end time, or -1. */
    public long firstCompletionNanos(String version) {
        return jobs.values().stream().filter(j -> j.completed() && version.equals(j.modelVersion()))
                .mapToLong(Job::endedNanos).min().orElse(-1);
    }

    /** Snapshot of the jobs written at or after {@code fromNanos} and before {@code toNanos}. */
    public List<Job> submittedBetween(long fromNanos, long toNanos) {
        return select(j -> j.submittedNanos() >= fromNanos && j.submittedNanos() < toNanos);
    }

    /** Snapshot of every job written so far. */
    public List<Job> all() {
        return select(j -> true);
    }

    private List<Job> select(Predicate<Job> filter) {
        return new ArrayList<>(jobs.values().stream().filter(filter).toList());
    }

    private void read() {
        try {
            while (reading) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
                    Job job = r.key() == null ? null : jobs.get(r.key());
                    if (job == null || job.done()) {
                        continue;
                    }
                    JobEvent event = ContractValidator.shared().parseJobEvent(r.value());
                    if (!event.terminal()) {
                        continue;
                    }
                    long now = System.nanoTime();
                    String version = event instanceof JobCompleted c ? c.modelVersion() : null;
                    String detail = event instanceof JobFailed f ? f.code() + ": " + f.message() : null;
                    jobs.put(job.id(), new Job(job.id(), job.submittedNanos(), now, event.eventType(), version,
                            detail));
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            readerFailure = e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        sender.shutdownNow();
        reading = false;
        consumer.wakeup();
        reader.join(10_000);
        consumer.close();
        producer.close();
    }
}
