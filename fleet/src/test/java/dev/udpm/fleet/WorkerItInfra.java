package dev.udpm.fleet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.udpm.embedded.EmbeddedKafka;
import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.embedded.UdpmTopics;
import dev.udpm.schemas.Topics;
import io.minio.MinioClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What an integration test with real worker processes shares: a KRaft broker with the UDPM topics, an S3 server
 * with one bucket, a MinIO client on it, a producer ({@code acks=all}) and the worker processes it started, which
 * {@link #close()} stops first.
 */
final class WorkerItInfra implements AutoCloseable {

    /** The consumer group every worker joins. */
    static final String GROUP = "udpm-workers";

    private final EmbeddedKafka kafka;
    private final EmbeddedS3 s3;
    private final String bucket;
    private final MinioClient minio;
    private final KafkaProducer<String, String> producer;
    private final List<WorkerProcess> workers = new ArrayList<>();

    private WorkerItInfra(EmbeddedKafka kafka, EmbeddedS3 s3, String bucket, MinioClient minio,
            KafkaProducer<String, String> producer) {
        this.kafka = kafka;
        this.s3 = s3;
        this.bucket = bucket;
        this.minio = minio;
        this.producer = producer;
    }

    /** Starts the broker and the S3 server and creates {@code bucket}; closes what it started when a step fails. */
    static WorkerItInfra start(String bucket) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        EmbeddedS3 s3 = null;
        try {
            kafka.createTopics(UdpmTopics.specs());
            s3 = EmbeddedS3.startTransient();
            s3.createBucket(bucket);
            MinioClient minio = MinioClient.builder().endpoint(s3.endpoint()).region(s3.region())
                    .credentials(s3.accessKey(), s3.secretKey()).build();
            KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG,
                    "all"), new StringSerializer(), new StringSerializer());
            return new WorkerItInfra(kafka, s3, bucket, minio, producer);
        } catch (Exception | Error e) {
            if (s3 != null) {
                s3.close();
            }
            kafka.close();
            throw e;
        }
    }

    EmbeddedKafka kafka() {
        return kafka;
    }

    EmbeddedS3 s3() {
        return s3;
    }

    String bucket() {
        return bucket;
    }

    MinioClient minio() {
        return minio;
    }

    KafkaProducer<String, String> producer() {
        return producer;
    }

    /**
     * Starts a worker on this broker and bucket (see {@link WorkerProcess#start}) without waiting for it;
     * {@link #close()} stops it.
     */
    WorkerProcess startWorker(Path jar, Path dir, String id, String heap, List<String> flags,
            Map<String, String> extraEnv) throws IOException {
        WorkerProcess worker = WorkerProcess.start(jar, dir, id, heap, flags, this, extraEnv);
        workers.add(worker);
        return worker;
    }

    /**
     * Waits until every worker started here is ready (each within {@code ready}), then until they all are members of
     * {@value #GROUP} with some partition each (within {@code group}).
     */
    void awaitWorkersReadyInGroup(Duration ready, Duration group) {
        for (WorkerProcess worker : workers) {
            worker.awaitReady(ready);
        }
        awaitGroupMembers(workers.size(), group);
    }

    /** Waits until {@value #GROUP} has {@code members} members, each with some partition assigned. */
    private void awaitGroupMembers(int members, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()))) {
            TestFleets.await(() -> {
                try {
                    ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get()
                            .get(GROUP);
                    return group.members().size() == members && group.members().stream()
                            .allMatch(m -> !m.assignment().topicPartitions().isEmpty());
                } catch (Exception e) {
                    return false;
                }
            }, timeout, members + " workers share the partitions of " + Topics.JOBS);
        }
    }

    @Override
    public void close() throws Exception {
        for (WorkerProcess worker : workers) {
            worker.stop();
        }
        producer.close();
        kafka.close();
        s3.close();
    }
}
