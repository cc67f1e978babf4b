package dev.udpm.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.udpm.schemas.CloudEvents;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A client's Kafka plumbing: clients with short timeouts (so an absent or wrong broker is reported in seconds) and
 * the security of {@link KafkaSettings}, topic look-ups that fail with the topic's name instead of auto-creating it,
 * and CloudEvents records. Failures are {@link FleetException}s whose message names the address and the topic.
 */
public final class FleetKafka {

    private final KafkaSettings settings;
    private final String source;
    private final Runnable preflight;

    /**
     * @param settings  where the brokers are, timeouts, security
     * @param source    {@code ce_source} of every record written (e.g. {@code /udpm/cli})
     * @param preflight run before each connection (the CLI checks that something listens at the address, to say so
     *                  at once); may throw
     */
    public FleetKafka(KafkaSettings settings, String source, Runnable preflight) {
        this.settings = settings;
        this.source = source;
        this.preflight = preflight == null ? () -> { } : preflight;
    }

    /** Without a preflight check. */
    public FleetKafka(KafkaSettings settings, String source) {
        this(settings, source, null);
    }

    /** The settings this client connects with. */
    public KafkaSettings settings() {
        return settings;
    }

    /**
     * The partitions of {@code topic}, read with an admin client.
     *
     * @throws FleetException {@link FleetException.Kind#UNAVAILABLE} if the topic does not exist (the fleet creates
     *                        it) or the broker does not answer in time
     */
    public List<TopicPartition> partitions(String topic) {
        preflight.run();
        Admin admin = Admin.create(common(AdminClientConfig.configNames()));
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(answerTimeout().toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new FleetException(FleetException.Kind.UNAVAILABLE, "topic " + topic + " does not exist on "
                        + settings.bootstrapServers() + ": ./local-fleet start creates the fleet's topics (or create it"
                        + " with the layout of deploy/local/README.md)");
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw notAnswering("describe topic " + topic);
            }
            throw new FleetException(FleetException.Kind.UNAVAILABLE, "Kafka at " + settings.bootstrapServers()
                    + " could not describe topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw notAnswering("describe topic " + topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException(FleetException.Kind.INTERRUPTED, "interrupted while describing topic " + topic);
        } finally {
            // close() without a bound waits for pending requests forever: a peer that accepts connections but never
            // answers would hang the command after it already reported the timeout.
            admin.close(answerTimeout());
        }
    }

    /**
     * Writes {@code value} to {@code topic} under {@code key} with the CloudEvents binary-mode headers
     * ({@code ce_id}, {@code ce_source} = {@value #SOURCE}, {@code ce_type}, {@code ce_specversion},
     * {@code ce_time}, {@code content-type}) and waits for the broker's acknowledgement.
     *
     * @param ceType one of the {@code CloudEvents.TYPE_*} constants
     * @throws FleetException {@link FleetException.Kind#UNAVAILABLE} if the topic is missing or the broker does not
     *                        acknowledge
     */
    public RecordMetadata send(String topic, String key, String value, String ceType) {
        partitions(topic); // a missing topic is an error, not an auto-created one-partition topic
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        CloudEvents.binaryModeHeaders(ceType, source, Instant.now()).forEach(
                (name, headerValue) -> record.headers().add(name, headerValue.getBytes(StandardCharsets.UTF_8)));
        Map<String, Object> props = common(ProducerConfig.configNames());
        long answer = answerTimeout().toMillis();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, answer);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) answer);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) answer + 1000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            return producer.send(record).get(answer + 2000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw notAnswering("acknowledge a record on " + topic);
            }
            throw new FleetException(FleetException.Kind.UNAVAILABLE, "Kafka at " + settings.bootstrapServers()
                    + " did not accept the record for " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            throw notAnswering("acknowledge a record on " + topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException(FleetException.Kind.INTERRUPTED, "interrupted while writing to " + topic);
        }
    }

    /**
     * A group-less consumer (nothing is committed; every reader sees the whole log) with string keys and values.
     */
    public KafkaConsumer<String, String> consumer() {
        Map<String, Object> props = common(ConsumerConfig.configNames());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) answerTimeout().toMillis());
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) answerTimeout().toMillis());
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * Hands every record of {@code topic} to {@code each}, partition by partition in offset order, from the
     * beginning of the log up to its end offsets as of this call (records written meanwhile are left out).
     *
     * @throws FleetException {@link FleetException.Kind#UNAVAILABLE} if the topic is missing or the broker does not
     *                        deliver the log to its end within three answer timeouts
     */
    public void readToEnd(String topic, java.util.function.Consumer<ConsumerRecord<String, String>> each) {
        List<TopicPartition> partitions = partitions(topic);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, answerTimeout());
            long deadline = System.nanoTime() + answerTimeout().multipliedBy(3).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new FleetException(FleetException.Kind.UNAVAILABLE, "Kafka at " + settings.bootstrapServers()
                            + " did not deliver " + topic + " to its end in time");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
                        each.accept(r);
                    }
                }
            }
        }
    }

    /** The bootstrap address, for messages. */
    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    /** How long a request to a broker that accepted the connection may take: the connect timeout plus 7 s. */
    public Duration answerTimeout() {
        return settings.answerTimeout();
    }

    private Map<String, Object> common(java.util.Set<String> allowed) {
        Map<String, Object> props = new HashMap<>(settings.clientProperties());
        if (allowed.contains(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)
                && !allowed.contains(ConsumerConfig.GROUP_ID_CONFIG)) {
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) answerTimeout().toMillis());
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) answerTimeout().toMillis());
        }
        return props;
    }

    private FleetException notAnswering(String what) {
        return new FleetException(FleetException.Kind.UNAVAILABLE, "Kafka at " + settings.bootstrapServers()
                + " accepted the connection but did not " + what + " within " + answerTimeout().toSeconds() + " s"
                + ": is that address a Kafka broker? " + "Check ./local-fleet status, or set --bootstrap-servers.");
    }
}
