package dev.udpm.worker.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import dev.udpm.core.model.TinyModels;
import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes tiny model versions the way the trainer does: every file under {@code models/{name}/{version}/},
 * {@code manifest.json} last, then a model-published event on {@code udpm.models} (key = name, CloudEvents headers).
 */
public final class ModelPublisher {

    private final ObjectStore store;
    private final String bootstrapServers;
    private final Path workDir;

    public ModelPublisher(ObjectStore store, String bootstrapServers, Path workDir) {
        this.store = store;
        this.bootstrapServers = bootstrapServers;
        this.workDir = workDir;
    }

    /** Exports {@code name/version} (weights from {@code seed}) locally; returns its directory. */
    public Path export(String name, String version, long seed) throws IOException {
        Path dir = workDir.resolve(name).resolve(version);
        TinyModels.export(dir, seed, name, version, 32, 1, 10);
        return dir;
    }

    /** Uploads every file of an exported version, manifest last; returns the manifest's SHA-256. */
    public String upload(Path dir) throws IOException {
        ModelManifest manifest = manifestOf(dir);
        String prefix = manifest.prefix();
        for (ModelManifest.FileEntry file : manifest.files()) {
            store.putFile(prefix + file.path(), dir.resolve(file.path()), "application/octet-stream");
        }
        byte[] manifestBytes = Files.readAllBytes(dir.resolve(ModelManifest.FILE_NAME));
        store.put(prefix + ModelManifest.FILE_NAME, manifestBytes, ObjectKeys.JSON);
        return Sha256.hex(manifestBytes);
    }

    /** Sends the model-published event of an uploaded version. */
    public void announce(String name, String version, String manifestSha256) {
        ModelPublished published = new ModelPublished(name, version,
                new ModelPublished.Location(store.bucket(), ModelManifest.prefixOf(name, version)), manifestSha256,
                Instant.now(), Map.of("fid", 99.0), "tiny test model");
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.MODELS, name, Json.write(published));
        record.headers().add(CloudEvents.HEADER_TYPE, CloudEvents.TYPE_MODEL_PUBLISHED.getBytes());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new StringSerializer())) {
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("could not announce " + name + "/" + version, e);
        }
    }

    /** Export + upload + announce. */
    public Path publish(String name, String version, long seed) throws IOException {
        Path dir = export(name, version, seed);
        announce(name, version, upload(dir));
        return dir;
    }

    /**
     * Publishes a CORRUPTED version: uploaded with a correct manifest, then {@code file} is overwritten with other
     * bytes of the same size (a file changed after the manifest was written), then announced.
     */
    public void publishCorrupted(String name, String version, long seed, String file) throws IOException {
        Path dir = export(name, version, seed);
        String sha = upload(dir);
        byte[] bytes = Files.readAllBytes(dir.resolve(file));
        bytes[bytes.length / 2] ^= 0x5A;
        store.put(ModelManifest.prefixOf(name, version) + file, bytes, "application/octet-stream");
        announce(name, version, sha);
    }

    static ModelManifest manifestOf(Path dir) throws IOException {
        return Json.read(Files.readString(dir.resolve(ModelManifest.FILE_NAME)), ModelManifest.class);
    }
}
