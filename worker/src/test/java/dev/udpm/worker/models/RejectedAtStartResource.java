package dev.udpm.worker.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.udpm.storage.StorageSettings;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.StorageConfig;
import dev.udpm.testsupport.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real Kafka and S3 where a BAD version was published BEFORE the worker starts: model {@value #NAME} version
 * {@value #GOOD} is published correctly, then version {@value #REJECTED} is uploaded intact but announced with a
 * {@code manifestSha256} that is not its manifest's (the manifest was changed after publication); model
 * {@value #LONELY} has only such a bad version. No bundled or packaged model: whatever the worker serves comes from
 * udpm.models and the object store.
 */
public final class RejectedAtStartResource implements QuarkusTestResourceLifecycleManager {

    public static final String NAME = "fallback";
    public static final String GOOD = "v1";
    public static final String REJECTED = "v2";
    public static final String LONELY = "lonely";

    private final RealInfraResource infra = new RealInfraResource();
    private Path root;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(infra.start());
        try {
            root = Files.createTempDirectory("udpm-rejected-");
            try (ObjectStore store = ObjectStore.connect(storage(config))) {
                ModelPublisher publisher = new ModelPublisher(store, config.get("kafka.bootstrap.servers"), root);
                publisher.publish(NAME, GOOD, 81);
                publisher.upload(publisher.export(NAME, REJECTED, 82));
                publisher.announce(NAME, REJECTED, "0".repeat(64));
                publisher.upload(publisher.export(LONELY, "v1", 83));
                publisher.announce(LONELY, "v1", "1".repeat(64));
            }
            config.put("udpm.worker.models.packaged-default", "false");
            config.put("udpm.worker.models.cache-dir", root.resolve("cache").toString());
            return config;
        } catch (Exception e) {
            infra.stop();
            throw new IllegalStateException("could not publish the models before start", e);
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
