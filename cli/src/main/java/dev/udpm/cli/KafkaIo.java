package dev.udpm.cli;

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
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
 * The CLI's Kafka plumbing: clients with short timeouts (so an absent or wrong broker is reported in seconds),
 * topic look-ups that fail with the topic's name instead of auto-creating it, and CloudEvents records.
 */
public final class KafkaIo {

    /** {@code ce_source} of every record the CLI writes. */
    public static final String SOURCE = "/udpm/cli";

    private final ConnectionOptions connection;

    public KafkaIo(ConnectionOptions connection) {
        this.connection = connection;
    }

    /**
     * The partitions of {@code topic}, read with an admin client.
     *
     * @throws CliException {@link ExitCodes#UNAVAILABLE} if the topic does not exist (the fleet creates it) or the
     *                      broker does not answer in time
     */
    public List<TopicPartition> partitions(String topic) {
        connection.requireKafka();
        Admin admin = Admin.create(common(AdminClientConfig.configNames()));
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(answerTimeout().toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new CliException(ExitCodes.UNAVAILABLE, "topic " + topic + " does not exist on "
                        + connection.bootstrapServers() + ": ./local-fleet start creates the fleet's topics (or create it"
                        + " with the layout of deploy/local/README.md)");
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw notAnswering("describe topic " + topic);
            }
            throw new CliException(ExitCodes.UNAVAILABLE, "Kafka at " + connection.bootstrapServers()
                    + " could not describe topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw notAnswering("describe topic " + topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.SOFTWARE, "interrupted while describing topic " + topic);
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
     * @throws CliException {@link ExitCodes#UNAVAILABLE} if the topic is missing or the broker does not acknowledge
     */
    public RecordMetadata send(String topic, String key, String value, String ceType) {
        partitions(topic); // a missing topic is an error, not an auto-created one-partition topic
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        CloudEvents.binaryModeHeaders(ceType, SOURCE, Instant.now()).forEach(
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
            throw new CliException(ExitCodes.UNAVAILABLE, "Kafka at " + connection.bootstrapServers()
                    + " did not accept the record for " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            throw notAnswering("acknowledge a record on " + topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.SOFTWARE, "interrupted while writing to " + topic);
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

    /** The bootstrap address, for messages. */
    public String bootstrapServers() {
        return connection.bootstrapServers();
    }

    /** How long a request to a broker that accepted the connection may take: the connect timeout plus 7 s. */
    Duration answerTimeout() {
        return connection.connectTimeout().plusSeconds(7);
    }

    private Map<String, Object> common(java.util.Set<String> allowed) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "udpm-cli");
        props.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, connection.connectTimeout().toMillis());
        props.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG,
                connection.connectTimeout().toMillis());
        props.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000L);
        if (allowed.contains(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)
                && !allowed.contains(ConsumerConfig.GROUP_ID_CONFIG)) {
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) answerTimeout().toMillis());
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) answerTimeout().toMillis());
        }
        return props;
    }

    private CliException notAnswering(String what) {
        return new CliException(ExitCodes.UNAVAILABLE, "Kafka at " + connection.bootstrapServers()
                + " accepted the connection but did not " + what + " within " + Reachability.seconds(answerTimeout())
                + ": is that address a Kafka broker? " + "Check ./local-fleet status, or set --bootstrap-servers.");
    }
}
