package dev.udpm.testsupport;

import java.util.Map;

import dev.udpm.embedded.EmbeddedKafka;
import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.embedded.UdpmTopics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real Kafka and S3 for {@code @QuarkusTest}s: {@code @QuarkusTestResource(RealInfraResource.class)}.
 *
 * <p>Starts one {@link EmbeddedKafka} and one {@link EmbeddedS3} (in-memory) per JVM, shared by every test
 * resource that is active at the same time and closed when the last one stops. It creates every UDPM topic
 * ({@link UdpmTopics#specs()}) and the bucket {@value #BUCKET}, and points the application at them through
 * {@code kafka.bootstrap.servers} and {@code udpm.storage.*}. Tests that talk to the broker or the bucket
 * themselves read those same keys from the application's configuration (Quarkus may load this class and
 * the test class in different class loaders, so static state here is not shared with tests).
 */
public final class RealInfraResource implements QuarkusTestResourceLifecycleManager {

    /** The bucket the application under test is configured with. */
    public static final String BUCKET = "udpm-test";

    private static final Object LOCK = new Object();
    private static EmbeddedKafka kafka;
    private static EmbeddedS3 s3;
    private static int users;

    private boolean started;

    @Override
    public Map<String, String> start() {
        synchronized (LOCK) {
            if (users == 0) {
                kafka = EmbeddedKafka.start();
                try {
                    s3 = EmbeddedS3.startTransient();
                    kafka.createTopics(UdpmTopics.specs());
                    s3.createBucket(BUCKET);
                } catch (RuntimeException e) {
                    closeAll();
                    throw e;
                }
            }
            users++;
            started = true;
            return Map.of(
                    "kafka.bootstrap.servers", kafka.bootstrapServers(),
                    "udpm.storage.endpoint", s3.endpoint(),
                    "udpm.storage.access-key", s3.accessKey(),
                    "udpm.storage.secret-key", s3.secretKey(),
                    "udpm.storage.bucket", BUCKET);
        }
    }

    @Override
    public void stop() {
        synchronized (LOCK) {
            if (!started) {
                return;
            }
            started = false;
            if (--users == 0) {
                closeAll();
            }
        }
    }

    private static void closeAll() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }
}
