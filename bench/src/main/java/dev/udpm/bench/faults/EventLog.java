package dev.udpm.bench.faults;

import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.validation.ContractValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every event on {@code udpm.job-events} from the moment it is opened, per job, with the time this JVM read it. A
 * background thread reads (no consumer group), and rides through broker outages as any client does.
 */
final class EventLog implements AutoCloseable {

    /** An event and when it was read ({@link System#nanoTime()}). */
    record Seen(JobEvent event, long nanos) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, List<Seen>> byJob = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean running = true;

    EventLog(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.JOB_EVENTS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        reader = new Thread(this::read, "fault-suite-events");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    try {
                        JobEvent e = ContractValidator.shared().parseJobEvent(r.value());
                        byJob.computeIfAbsent(e.jobId(), k -> java.util.Collections.synchronizedList(
                                new ArrayList<>())).add(new Seen(e, now));
                    } catch (RuntimeException invalid) {
                        System.err.println("fault suite: invalid job event " + r.key() + ": " + invalid.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** The events of {@code jobId} read so far, in order. */
    List<Seen> events(String jobId) {
        List<Seen> events = byJob.getOrDefault(jobId, List.of());
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The terminal events of {@code jobId} read so far. */
    List<Seen> terminals(String jobId) {
        return events(jobId).stream().filter(s -> s.event().terminal()).toList();
    }

    /** Whether every job of {@code jobIds} has a terminal event. */
    boolean allEnded(Collection<String> jobIds) {
        return jobIds.stream().noneMatch(id -> terminals(id).isEmpty());
    }

    /** Waits until every job has a terminal event or {@code timeout} passes; returns whether they all ended. */
    boolean awaitEnded(Collection<String> jobIds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allEnded(jobIds)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        reader.join(10_000);
    }
}
