package dev.udpm.worker.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.StorageSettings;
import dev.udpm.testsupport.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real Kafka and S3 in which a subclass publishes models BEFORE the worker starts ({@link #publish}); the worker's
 * model cache goes to a temporary folder removed at the end.
 */
abstract class PublishedBeforeStartResource implements QuarkusTestResourceLifecycleManager {

    private final RealInfraResource infra = new RealInfraResource();
    private Path root;

    /**
     * Uploads and announces what the worker must find at start, and adds any worker configuration to {@code config}.
     *
     * @param root a temporary folder for exports, removed at the end
     */
    abstract void publish(ModelPublisher publisher, Path root, Map<String, String> config) throws Exception;

    @Override
    public final Map<String, String> start() {
        Map<String, String> config = new HashMap<>(infra.start());
        try {
            root = Files.createTempDirectory("udpm-published-");
            StorageSettings storage = StorageSettings.of(config.get("udpm.storage.endpoint"), "us-east-1",
                    config.get("udpm.storage.access-key"), config.get("udpm.storage.secret-key"),
                    config.get("udpm.storage.bucket"));
            try (ObjectStore store = ObjectStore.connect(storage)) {
                publish(new ModelPublisher(store, config.get("kafka.bootstrap.servers"), root), root, config);
            }
            config.put("udpm.worker.models.cache-dir", root.resolve("cache").toString());
            return config;
        } catch (Exception e) {
            infra.stop();
            throw new IllegalStateException("could not publish the models before the worker starts", e);
        }
    }

    @Override
    public final void stop() {
        infra.stop();
        if (root != null) {
            ModelFetcher.deleteRecursively(root);
        }
    }
}
