package dev.udpm.webhooks;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.udpm.embedded.EmbeddedKafka;
import dev.udpm.embedded.UdpmTopics;
import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.webhooks.app.WebhooksService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One real embedded broker (KRaft) with the fleet's topics, shared by the tests of a class: publishes job events
 * the way the worker does (CloudEvents headers, key = jobId), starts delivery services on it and reads the dead
 * letters. Each delivery group starts at the current end of {@code udpm.job-events}, so tests do not see each
 * other's events.
 */
final class FleetOnBroker implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final KafkaProducer<String, String> producer;

    FleetOnBroker() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(UdpmTopics.specs());
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    Map<String, Object> clientSettings() {
        return Map.of("bootstrap.servers", kafka.bootstrapServers());
    }

    /** Publishes {@code event} as the worker does; returns its CloudEvents id. */
    String publish(JobEvent event) {
        var record = new ProducerRecord<>(Topics.JOB_EVENTS, event.jobId(), Json.write(event));
        Map<String, String> headers = CloudEvents.binaryModeHeaders(event.cloudEventType(), "/udpm/test",
                event.time());
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return headers.get(CloudEvents.HEADER_ID);
    }

    /** Writes {@code record}'s key and value to {@code udpm.webhooks.retry}, as {@code udpm webhooks replay} does. */
    void replay(ConsumerRecord<String, String> record) {
        try {
            producer.send(new ProducerRecord<>(Topics.WEBHOOKS_RETRY, record.key(), record.value())).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a raw {@code value} to {@code udpm.webhooks.retry}. */
    void replayRaw(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(Topics.WEBHOOKS_RETRY, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh group id whose committed offsets are the current end of {@code udpm.job-events} and the retry topic. */
    String groupAtEnd() {
        String group = "webhooks-test-" + UUID.randomUUID();
        Map<String, Object> props = new HashMap<>(clientSettings());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.JOB_EVENTS, Topics.WEBHOOKS_RETRY)) {
                c.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
            c.endOffsets(partitions).forEach((p, o) -> end.put(p, new OffsetAndMetadata(o)));
            c.commitSync(end);
        }
        return group;
    }

    /** Starts a delivery service (as the application does) in group {@code group}, configured by {@code config}. */
    WebhooksService.Delivery start(Map<String, String> config, String group) {
        Map<String, Object> settings = new HashMap<>(clientSettings());
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
        Map<String, String> withGroup = new HashMap<>(config);
        withGroup.put("udpm.webhooks.group-id", group);
        return WebhooksService.Delivery.start(TestConfig.of(withGroup), settings, new SimpleMeterRegistry(),
                InetAddress::getAllByName, Clock.systemUTC());
    }

    /** Every record of {@code udpm.webhooks.dead} whose key is one of {@code jobIds}, read from the beginning. */
    List<ConsumerRecord<String, String>> deadLetters(List<String> jobIds, int atLeast, Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientSettings());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props)) {
            TopicPartition p = new TopicPartition(Topics.WEBHOOKS_DEAD, 0);
            c.assign(List.of(p));
            c.seekToBeginning(List.of(p));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && found.size() < atLeast) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    if (jobIds.contains(r.key())) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    @Override
    public void close() {
        producer.close();
        kafka.close();
    }
}
