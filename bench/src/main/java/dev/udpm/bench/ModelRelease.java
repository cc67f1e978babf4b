package dev.udpm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.model.ModelStatus;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a model version the way the trainer does (every file under {@code models/{name}/{version}/},
 * {@code manifest.json} last, then a model-published event on {@code udpm.models} keyed by the model name, with the
 * CloudEvents type header) and watches {@code udpm.model-status} for what the worker did with it.
 */
public final class ModelRelease implements AutoCloseable {

    /** A worker's status event for a version, and when this JVM read it. */
    public record Status(ModelStatus status, long readNanos) {
    }

    private final ObjectStore store;
    private final String bootstrapServers;
    private final KafkaConsumer<String, String> statusConsumer;

    /** Connects to the embedded S3 (bucket {@code bucket}) and starts at the current end of the status topic. */
    public ModelRelease(EmbeddedS3 s3, String bucket, String bootstrapServers) {
        this.store = ObjectStore.of(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(), bucket,
                Duration.ofHours(1));
        this.bootstrapServers = bootstrapServers;
        statusConsumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = statusConsumer.partitionsFor(Topics.MODEL_STATUS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        statusConsumer.assign(partitions);
        statusConsumer.seekToEnd(partitions);
        partitions.forEach(statusConsumer::position);
    }

    /** Uploads the exported version in {@code dir} (manifest last) and announces it. */
    public void publish(Path dir) throws IOException {
        ModelManifest manifest = Json.read(Files.readString(dir.resolve(ModelManifest.FILE_NAME)),
                ModelManifest.class);
        String prefix = manifest.prefix();
        for (ModelManifest.FileEntry file : manifest.files()) {
            store.putFile(prefix + file.path(), dir.resolve(file.path()), "application/octet-stream");
        }
        byte[] manifestBytes = Files.readAllBytes(dir.resolve(ModelManifest.FILE_NAME));
        store.put(prefix + ModelManifest.FILE_NAME, manifestBytes, ObjectKeys.JSON);
        ModelPublished published = new ModelPublished(manifest.name(), manifest.version(),
                new ModelPublished.Location(store.bucket(), prefix), Sha256.hex(manifestBytes), Instant.now(),
                Map.of(), "bench hot-reload version");
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.MODELS, manifest.name(),
                Json.write(published));
        record.headers().add(CloudEvents.HEADER_TYPE, CloudEvents.TYPE_MODEL_PUBLISHED.getBytes());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
                new StringSerializer())) {
            producer.send(record).get();
        } catch (ExecutionException e) {
            throw new IOException("could not announce " + manifest.name() + "/" + manifest.version(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted announcing " + manifest.name() + "/" + manifest.version(), e);
        }
    }

    /**
     * Polls the status topic for up to {@code wait} and returns the first {@code loaded} or {@code rejected} event
     * of {@code name/version}, if one arrived. Call repeatedly; events of other versions are skipped.
     */
    public Optional<Status> pollOutcome(String name, String version, Duration wait) {
        for (ConsumerRecord<String, String> r : statusConsumer.poll(wait)) {
            ModelStatus s = ContractValidator.shared().parseModelStatus(r.value());
            if (s.modelName().equals(name) && s.version().equals(version)
                    && s.status() != ModelStatus.Status.UNLOADED) {
                return Optional.of(new Status(s, System.nanoTime()));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        statusConsumer.close();
        store.close();
    }
}
