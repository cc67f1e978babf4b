package dev.udpm.worker.models;

import java.nio.file.Path;
import java.util.Map;

import dev.udpm.core.model.TinyModels;

/**
 * Real Kafka and S3 that already hold a published model BEFORE the worker starts: model {@value #NAME} version
 * {@value #ANNOUNCED_OLD} then {@value #ANNOUNCED} are uploaded and announced on udpm.models, and a bundled model of
 * the same name ({@value #BUNDLED}) is configured. The worker must start on {@value #ANNOUNCED}.
 */
public final class AnnouncedAtStartResource extends PublishedBeforeStartResource {

    public static final String NAME = "fleet";
    public static final String ANNOUNCED_OLD = "v1";
    public static final String ANNOUNCED = "v2";
    public static final String BUNDLED = "bundled-0";

    @Override
    void publish(ModelPublisher publisher, Path root, Map<String, String> config) throws Exception {
        publisher.publish(NAME, ANNOUNCED_OLD, 71);
        publisher.publish(NAME, ANNOUNCED, 72);
        Path bundled = root.resolve("bundled");
        TinyModels.export(bundled, 70, NAME, BUNDLED, 32, 1, 10);
        config.put("udpm.worker.models.bundled-dir", bundled.toString());
    }
}
