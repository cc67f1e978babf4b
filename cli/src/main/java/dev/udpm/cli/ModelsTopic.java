package dev.udpm.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.udpm.client.FleetKafka;
import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ContractViolationException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads and writes the compacted {@link Topics#MODELS} topic for the {@code models} commands. */
final class ModelsTopic {

    private ModelsTopic() {
    }

    /** The last valid announcement per model name, read to the end of the compacted topic. */
    static Map<String, ModelPublished> read(ConnectionOptions connection, PrintWriter err) {
        FleetKafka kafka = connection.kafka();
        List<TopicPartition> partitions = kafka.partitions(Topics.MODELS);
        Map<String, ModelPublished> latest = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = kafka.consumer()) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, kafka.answerTimeout());
            long deadline = System.nanoTime() + kafka.answerTimeout().multipliedBy(3).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new CliException(ExitCodes.UNAVAILABLE, "Kafka at " + connection.bootstrapServers()
                            + " did not deliver " + Topics.MODELS + " to its end in time");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        latest.remove(r.key()); // tombstone: the model was withdrawn
                        continue;
                    }
                    try {
                        ModelPublished m = ContractValidator.shared().parseModelPublished(r.value());
                        latest.put(m.name(), m);
                    } catch (ContractViolationException e) {
                        err.println("warning: skipped an invalid record on " + Topics.MODELS + " at offset " + r.offset()
                                + ": " + e.getMessage());
                    }
                }
            }
        }
        return latest;
    }

    /** Validates {@code announcement} against its schema and writes it (key = model name), acknowledged. */
    static void publish(ConnectionOptions connection, ModelPublished announcement) {
        String json = Json.write(announcement);
        ContractValidator.shared().parseModelPublished(json);
        connection.kafka().send(Topics.MODELS, announcement.name(), json, CloudEvents.TYPE_MODEL_PUBLISHED);
    }
}
