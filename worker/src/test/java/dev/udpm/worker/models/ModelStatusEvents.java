package dev.udpm.worker.models;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.model.ModelStatus;
import dev.udpm.schemas.validation.ContractValidator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code udpm.model-status} from the beginning; every record must be keyed by its model name, carry the
 * CloudEvents headers of a model-status event and validate against model-status.schema.json.
 */
final class ModelStatusEvents {

    private ModelStatusEvents() {
    }

    /** Waits (up to {@code timeout}) for an event of {@code model} matching {@code wanted}; returns it. */
    static ModelStatus await(String bootstrapServers, String model, Predicate<ModelStatus> wanted, Duration timeout) {
        List<ModelStatus> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MODEL_STATUS).stream()
                    .map(p -> new TopicPartition(Topics.MODEL_STATUS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!model.equals(record.key())) {
                        continue;
                    }
                    ModelStatus status = ContractValidator.shared().parseModelStatus(record.value());
                    check(record, status);
                    seen.add(status);
                    if (wanted.test(status)) {
                        return status;
                    }
                }
            }
        }
        throw new AssertionError("no matching model-status event for " + model + " within " + timeout + "; seen: "
                + seen);
    }

    private static void check(ConsumerRecord<String, String> record, ModelStatus status) {
        if (!status.modelName().equals(record.key())) {
            throw new AssertionError("model-status key " + record.key() + " is not its model " + status.modelName());
        }
        String type = header(record, CloudEvents.HEADER_TYPE);
        if (!CloudEvents.TYPE_MODEL_STATUS.equals(type)
                || !CloudEvents.SPEC_VERSION.equals(header(record, CloudEvents.HEADER_SPEC_VERSION))
                || header(record, CloudEvents.HEADER_ID) == null
                || header(record, CloudEvents.HEADER_TIME) == null
                || !String.valueOf(header(record, CloudEvents.HEADER_SOURCE)).startsWith("/udpm/worker/")) {
            throw new AssertionError("model-status record without proper CloudEvents headers: " + record.headers());
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
