package dev.udpm.worker.models;

import java.nio.file.Path;
import java.util.Map;

/**
 * Real Kafka and S3 where a BAD version was published BEFORE the worker starts: model {@value #NAME} version
 * {@value #GOOD} is published correctly, then version {@value #REJECTED} is uploaded intact but announced with a
 * {@code manifestSha256} that is not its manifest's (the manifest was changed after publication); model
 * {@value #LONELY} has only such a bad version. No bundled or packaged model: whatever the worker serves comes from
 * udpm.models and the object store.
 */
public final class RejectedAtStartResource extends PublishedBeforeStartResource {

    public static final String NAME = "fallback";
    public static final String GOOD = "v1";
    public static final String REJECTED = "v2";
    public static final String LONELY = "lonely";

    @Override
    void publish(ModelPublisher publisher, Path root, Map<String, String> config) throws Exception {
        publisher.publish(NAME, GOOD, 81);
        publisher.upload(publisher.export(NAME, REJECTED, 82));
        publisher.announce(NAME, REJECTED, "0".repeat(64));
        publisher.upload(publisher.export(LONELY, "v1", 83));
        publisher.announce(LONELY, "v1", "1".repeat(64));
        config.put("udpm.worker.models.packaged-default", "false");
    }
}
