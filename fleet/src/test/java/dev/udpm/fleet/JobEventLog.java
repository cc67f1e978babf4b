package dev.udpm.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.validation.ContractValidator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reading {@code udpm.job-events} from its beginning in integration tests. */
final class JobEventLog {

    private JobEventLog() {
    }

    /**
     * A consumer (no group, auto-commit off, plus {@code extra} properties) assigned to every partition of
     * {@link Topics#JOB_EVENTS} and set to the beginning of each; its assignment is those partitions.
     */
    static KafkaConsumer<String, String> fromStart(String bootstrapServers, Map<String, String> extra) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putAll(extra);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.JOB_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** The events of job {@code jobId} in one poll of {@code consumer}, parsed (and so validated). */
    static List<JobEvent> poll(KafkaConsumer<String, String> consumer, String jobId, Duration timeout) {
        List<JobEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : consumer.poll(timeout)) {
            if (jobId.equals(record.key())) {
                events.add(ContractValidator.shared().parseJobEvent(record.value()));
            }
        }
        return events;
    }
}
