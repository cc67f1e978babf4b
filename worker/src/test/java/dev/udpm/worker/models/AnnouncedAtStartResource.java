package dev.udpm.worker.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.udpm.core.model.TinyModels;
import dev.udpm.storage.StorageSettings;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.StorageConfig;
import dev.udpm.testsupport.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real Kafka and S3 that already hold a published model BEFORE the worker starts: model {@value #NAME} version
 * {@value #ANNOUNCED_OLD} then {@value #ANNOUNCED} are uploaded and announced on udpm.models, and a bundled model of
 * the same name ({@value #BUNDLED}) is configured. The worker must start on {@value #ANNOUNCED}.
 */
public final class AnnouncedAtStartResource implements QuarkusTestResourceLifecycleManager {

    public static final String NAME = "fleet";
    public static final String ANNOUNCED_OLD = "v1";
    public static final String ANNOUNCED = "v2";
    public static final String BUNDLED = "bundled-0";

    private final RealInfraResource infra = new RealInfraResource();
    private Path root;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(infra.start());
        try {
            root = Files.createTempDirectory("udpm-announced-");
            try (ObjectStore store = ObjectStore.connect(storage(config))) {
                ModelPublisher publisher = new ModelPublisher(store, config.get("kafka.bootstrap.servers"), root);
                publisher.publish(NAME, ANNOUNCED_OLD, 71);
                publisher.publish(NAME, ANNOUNCED, 72);
            }
            Path bundled = root.resolve("bundled");
            TinyModels.export(bundled, 70, NAME, BUNDLED, 32, 1, 10);
            config.put("udpm.worker.models.bundled-dir", bundled.toString());
            config.put("udpm.worker.models.cache-dir", root.resolve("cache").toString());
            return config;
        } catch (Exception e) {
            infra.stop();
            throw new IllegalStateException("could not publish the start-up model", e);
        }
    }

    @Override
    public void stop() {
        infra.stop();
        if (root != null) {
            ModelFetcher.deleteRecursively(root);
        }
    }

    private static StorageConfig storage(Map<String, String> config) {
        return StorageSettings.of(config.get("udpm.storage.endpoint"), "us-east-1",
                config.get("udpm.storage.access-key"), config.get("udpm.storage.secret-key"),
                config.get("udpm.storage.bucket"));
    }
}
