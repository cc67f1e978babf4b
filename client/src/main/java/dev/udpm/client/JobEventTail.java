package dev.udpm.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.status.JobState;
import dev.udpm.schemas.status.JobStateFold;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ContractViolationException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The events of many jobs from now on: every partition of {@link Topics#JOB_EVENTS}, positioned at its end when
 * opened (no consumer group, nothing committed), each event folded into its job's state with
 * {@link JobStateFold}. For a client that submits many jobs and waits for them; one job's whole history is
 * {@link JobEventLog}'s, every event with its arrival time {@link JobEventRecorder}'s. Not thread-safe.
 */
public final class JobEventTail implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Consumer<String> warnings;
    private final Map<String, JobState> states = new HashMap<>();

    private JobEventTail(KafkaConsumer<String, String> consumer, Consumer<String> warnings) {
        this.consumer = consumer;
        this.warnings = warnings;
    }

    /**
     * Opens the tail at the current end of every partition (events written before this call are not seen).
     *
     * @param warnings told of every skipped record (not a valid job event)
     */
    public static JobEventTail atEnd(KafkaSettings settings, Consumer<String> warnings) {
        return new JobEventTail(consumerAtEnd(settings), warnings);
    }

    /** A group-less consumer of every partition of {@link Topics#JOB_EVENTS}, positioned at the current end. */
    public static KafkaConsumer<String, String> consumerAtEnd(KafkaSettings settings) {
        Map<String, Object> props = new HashMap<>(settings.clientProperties());
        props.put("enable.auto.commit", "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.JOB_EVENTS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /**
     * Polls once and folds what arrived.
     *
     * @param listener told of every job whose state an event changed: its id and the new state
     */
    public void poll(Duration timeout, java.util.function.BiConsumer<String, JobState> listener) {
        for (ConsumerRecord<String, String> r : consumer.poll(timeout)) {
            Optional<JobEvent> parsed = parse(r, warnings);
            if (parsed.isEmpty()) {
                continue;
            }
            JobEvent event = parsed.get();
            JobState before = states.get(event.jobId());
            JobState after = JobStateFold.apply(before, event);
            if (after != before) {
                states.put(event.jobId(), after);
                listener.accept(event.jobId(), after);
            }
        }
    }

    /**
     * The job event {@code r} holds, validated against its contract and checked to be under its job's key; empty
     * (and {@code warnings} told why) for anything else.
     */
    static Optional<JobEvent> parse(ConsumerRecord<String, String> r, Consumer<String> warnings) {
        JobEvent event;
        try {
            event = ContractValidator.shared().parseJobEvent(r.value());
        } catch (ContractViolationException e) {
            warnings.accept("warning: skipped an invalid job event at " + r.topic() + "-" + r.partition() + "@"
                    + r.offset() + ": " + e.getMessage());
            return Optional.empty();
        }
        if (r.key() == null || !r.key().equals(event.jobId())) {
            warnings.accept("warning: skipped a job event of " + event.jobId() + " under key " + r.key() + " at "
                    + r.topic() + "-" + r.partition() + "@" + r.offset());
            return Optional.empty();
        }
        return Optional.of(event);
    }

    /** The state of {@code jobId} from the events seen so far, or {@code null}. */
    public JobState state(String jobId) {
        return states.get(jobId);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
