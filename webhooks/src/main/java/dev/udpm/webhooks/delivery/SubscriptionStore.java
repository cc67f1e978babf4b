package dev.udpm.webhooks.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The subscriptions of the jobs in flight: a map in memory, backed by the compacted topic
 * {@link Topics#WEBHOOK_SUBSCRIPTIONS} (key jobId, tombstone when the job ended). A subscription is written to
 * the topic before the offset of its accepted event is committed, and the topic is read to its end whenever this
 * instance is assigned partitions, so an instance that restarts or takes over a partition knows the webhooks of
 * the jobs that were accepted before.
 */
public final class SubscriptionStore {

    private static final Logger LOG = Logger.getLogger(SubscriptionStore.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Object> kafka;
    private final KafkaProducer<String, String> producer;
    private final Map<String, Subscription> byJob = new ConcurrentHashMap<>();

    /**
     * @param kafka    client settings (bootstrap servers, security)
     * @param producer the service's producer (shared with the dead letters)
     */
    public SubscriptionStore(Map<String, Object> kafka, KafkaProducer<String, String> producer) {
        this.kafka = kafka;
        this.producer = producer;
    }

    /** The subscription of {@code jobId}, if it has one. */
    public Optional<Subscription> get(String jobId) {
        return Optional.ofNullable(byJob.get(jobId));
    }

    /** Records {@code subscription}, durably (the send is acknowledged before this returns). */
    public void put(Subscription subscription) {
        send(subscription.jobId(), Json.write(subscription));
        byJob.put(subscription.jobId(), subscription);
    }

    /** Forgets the subscription of {@code jobId} (a tombstone on the topic). */
    public void remove(String jobId) {
        if (byJob.remove(jobId) != null) {
            send(jobId, null);
        }
    }

    private void send(String jobId, String value) {
        try {
            producer.send(new ProducerRecord<>(Topics.WEBHOOK_SUBSCRIPTIONS, jobId, value))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted writing the subscription of job " + jobId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write the subscription of job " + jobId, e);
        }
    }

    /** Replaces the map with the topic's content, read from its beginning to its current end. */
    public void reload() {
        Map<String, Object> props = new HashMap<>(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, Subscription> loaded = new HashMap<>();
        long deadline = System.nanoTime() + RELOAD_TIMEOUT.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.WEBHOOK_SUBSCRIPTIONS, RELOAD_TIMEOUT)
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, RELOAD_TIMEOUT);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + Topics.WEBHOOK_SUBSCRIPTIONS + " to its end in "
                            + RELOAD_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        loaded.remove(r.key());
                        continue;
                    }
                    try {
                        loaded.put(r.key(), Json.read(new String(r.value(), StandardCharsets.UTF_8),
                                Subscription.class));
                    } catch (RuntimeException e) {
                        LOG.warnf("skipping unreadable subscription of job %s at %s-%d@%d", r.key(), r.topic(),
                                r.partition(), r.offset());
                    }
                }
            }
        }
        byJob.clear();
        byJob.putAll(loaded);
        LOG.infof("webhook subscriptions loaded: %d jobs in flight", loaded.size());
    }
}
