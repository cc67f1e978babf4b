package dev.udpm.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ContractViolationException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * The events of one job on {@link Topics#JOB_EVENTS} (key = jobId), read from the beginning of the one partition
 * that key maps to (Kafka's default partitioner, as the workers' producers use) without a consumer group, so it
 * works for jobs that ended before the reader started and never disturbs other readers. Records whose value breaks
 * the job-event contract are skipped with a warning.
 */
public final class JobEventLog implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final FleetKafka kafka;
    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions;
    private final Consumer<String> warnings;

    private JobEventLog(FleetKafka kafka, KafkaConsumer<String, String> consumer, List<TopicPartition> partitions,
                        Consumer<String> warnings) {
        this.kafka = kafka;
        this.consumer = consumer;
        this.partitions = partitions;
        this.warnings = warnings;
    }

    /**
     * Opens the log of {@code jobId}'s partition, positioned at its beginning.
     *
     * @param warnings told of every skipped record (one line each)
     * @throws FleetException {@link FleetException.Kind#UNAVAILABLE} if Kafka or the topic is not there
     */
    public static JobEventLog open(FleetKafka kafka, Consumer<String> warnings, String jobId) {
        List<TopicPartition> partitions = List.of(partitionOf(jobId, kafka.partitions(Topics.JOB_EVENTS)));
        KafkaConsumer<String, String> consumer = kafka.consumer();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return new JobEventLog(kafka, consumer, partitions, warnings);
    }

    /** The partition Kafka's default partitioner gives a record keyed {@code jobId}: murmur2 of the key bytes. */
    static TopicPartition partitionOf(String jobId, List<TopicPartition> partitions) {
        int partition = Utils.toPositive(Utils.murmur2(jobId.getBytes(StandardCharsets.UTF_8))) % partitions.size();
        return new TopicPartition(partitions.get(0).topic(), partition);
    }

    /** Every event of {@code jobId} in the log now (reads up to the end offsets taken at the call). */
    public List<JobEvent> snapshot(String jobId) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, kafka.answerTimeout());
        List<JobEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + kafka.answerTimeout().multipliedBy(3).toNanos();
        while (!reached(ends)) {
            if (System.nanoTime() > deadline) {
                throw new FleetException(FleetException.Kind.UNAVAILABLE, "Kafka at " + kafka.bootstrapServers() + " did not deliver "
                        + Topics.JOB_EVENTS + " up to its end offsets " + ends + " in time");
            }
            poll(jobId, events::add);
        }
        return events;
    }

    /**
     * Hands every event of {@code jobId} to {@code listener}, from the first, until a terminal event (returned)
     * or until {@code timeout} passes (empty). {@code idle} is called once, after {@code idleAfter} without any
     * event of the job.
     */
    public Optional<JobEvent> follow(String jobId, Duration timeout, Consumer<JobEvent> listener, Duration idleAfter,
                                     Runnable idle) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        boolean[] seen = {false};
        boolean idleReported = false;
        JobEvent[] terminal = {null};
        while (System.nanoTime() < deadline) {
            poll(jobId, event -> {
                seen[0] = true;
                if (terminal[0] == null) {
                    listener.accept(event);
                    if (event.terminal()) {
                        terminal[0] = event;
                    }
                }
            });
            if (terminal[0] != null) {
                return Optional.of(terminal[0]);
            }
            if (!seen[0] && !idleReported && System.nanoTime() - start > idleAfter.toNanos()) {
                idleReported = true;
                idle.run();
            }
        }
        return Optional.empty();
    }

    private void poll(String jobId, Consumer<JobEvent> sink) {
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
            if (!jobId.equals(record.key())) {
                continue;
            }
            try {
                JobEvent event = ContractValidator.shared().parseJobEvent(record.value());
                if (jobId.equals(event.jobId())) {
                    sink.accept(event);
                }
            } catch (ContractViolationException e) {
                warnings.accept("warning: skipped an invalid event of job " + jobId + " at " + record.topic() + "-"
                        + record.partition() + "@" + record.offset() + ": " + e.getMessage());
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey(), kafka.answerTimeout()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
