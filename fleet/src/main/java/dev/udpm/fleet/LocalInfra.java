package dev.udpm.fleet;

import dev.udpm.embedded.EmbeddedKafka;
import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.embedded.UdpmTopics;
import dev.udpm.schemas.Topics;

/**
 * The fleet's infrastructure in this JVM: a real single-node KRaft Kafka broker with its logs under
 * {@code <data>/kafka} and S3Proxy (jclouds {@code filesystem-nio2}) with its objects under {@code <data>/s3}, both
 * on fixed loopback ports and both keeping their data across restarts; every UDPM topic ({@link UdpmTopics}) and the
 * bucket are created if missing.
 */
public final class LocalInfra implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final EmbeddedS3 s3;
    private final long startupMillis;
    private final boolean freshBroker;

    private LocalInfra(EmbeddedKafka kafka, EmbeddedS3 s3, long startupMillis, boolean freshBroker) {
        this.kafka = kafka;
        this.s3 = s3;
        this.startupMillis = startupMillis;
        this.freshBroker = freshBroker;
    }

    /**
     * Starts the broker, then S3Proxy, then creates the topics and the bucket; on failure whatever started is stopped.
     *
     * @throws IllegalStateException naming the port or folder that failed
     */
    public static LocalInfra start(FleetConfig config) {
        long t0 = System.nanoTime();
        boolean fresh = !java.nio.file.Files.exists(config.kafkaDir().resolve("meta.properties"));
        EmbeddedKafka kafka = EmbeddedKafka.startPersistent(config.kafkaDir(), config.kafkaPort(), config.controllerPort());
        EmbeddedS3 s3 = null;
        try {
            s3 = EmbeddedS3.startFilesystem(config.s3Dir(), config.s3Port(), config.accessKey(), config.secretKey());
            kafka.createTopics(UdpmTopics.specs());
            s3.createBucket(config.bucket());
        } catch (RuntimeException e) {
            if (s3 != null) {
                s3.close();
            }
            kafka.close();
            throw e;
        }
        return new LocalInfra(kafka, s3, (System.nanoTime() - t0) / 1_000_000, fresh);
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String s3Endpoint() {
        return s3.endpoint();
    }

    /** Milliseconds from the start call until topics and bucket existed. */
    public long startupMillis() {
        return startupMillis;
    }

    /** Whether the broker's data folder was formatted by this start (a first start), rather than reopened. */
    public boolean freshBroker() {
        return freshBroker;
    }

    /** The topics created (or found). */
    public static String topicNames() {
        return String.join(", ", Topics.ALL);
    }

    /** Stops S3Proxy, then the broker (controlled shutdown); their ports are free and their data kept. */
    @Override
    public void close() {
        try {
            s3.close();
        } finally {
            kafka.close();
        }
    }
}
