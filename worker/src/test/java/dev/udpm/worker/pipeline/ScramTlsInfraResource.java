package dev.udpm.worker.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.udpm.embedded.EmbeddedKafka;
import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.embedded.SaslSslListener;
import dev.udpm.embedded.SelfSignedTls;
import dev.udpm.embedded.UdpmTopics;
import dev.udpm.schemas.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The worker against a broker secured like production (deploy/kubernetes, 011 and the KafkaUsers): it reaches Kafka
 * ONLY through a SASL_SSL listener (SCRAM-SHA-512, self-signed certificate trusted through a PEM file), with ACLs
 * enforced. Two SCRAM users get the ACLs of their KafkaUser manifests: {@value #WORKER} (read jobs, models and job
 * events; write jobs, job events, model status, dead letters; its consumer groups) and {@value #CLIENT} (write jobs,
 * read job events). The application is configured with the same keys a Deployment sets
 * ({@code kafka.security.protocol}, {@code kafka.sasl.jaas.config}, {@code kafka.ssl.truststore.location}); the test
 * reads the client's settings from {@code udpm.test.kafka.client.*}. Objects go to an in-memory S3Proxy.
 */
public final class ScramTlsInfraResource implements QuarkusTestResourceLifecycleManager {

    static final String WORKER = "udpm-worker";
    static final String CLIENT = "udpm-client";
    static final String BUCKET = "udpm-scram-test";

    private Path dir;
    private EmbeddedKafka kafka;
    private EmbeddedS3 s3;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("udpm-scram-tls-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary directory", e);
        }
        SaslSslListener listener = new SaslSslListener(SelfSignedTls.generate(dir), true);
        kafka = EmbeddedKafka.startWithSaslSsl(listener);
        String workerPassword = UUID.randomUUID().toString();
        String clientPassword = UUID.randomUUID().toString();
        try {
            kafka.createTopics(UdpmTopics.specs());
            kafka.addScramUser(WORKER, workerPassword);
            kafka.addScramUser(CLIENT, clientPassword);
            grant(workerAcls());
            grant(clientAcls());
            s3 = EmbeddedS3.startTransient();
            s3.createBucket(BUCKET);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.saslSslBootstrapServers());
        config.put("kafka.security.protocol", "SASL_SSL");
        config.put("kafka.sasl.mechanism", SaslSslListener.MECHANISM);
        config.put("kafka.sasl.jaas.config", SaslSslListener.jaasConfig(WORKER, workerPassword));
        config.put("kafka.ssl.truststore.type", "PEM");
        config.put("kafka.ssl.truststore.location", listener.tls().certificatePem().toString());
        config.put("udpm.test.kafka.client.user", CLIENT);
        config.put("udpm.test.kafka.client.password", clientPassword);
        config.put("udpm.storage.endpoint", s3.endpoint());
        config.put("udpm.storage.access-key", s3.accessKey());
        config.put("udpm.storage.secret-key", s3.secretKey());
        config.put("udpm.storage.bucket", BUCKET);
        return config;
    }

    /** The worker's ACLs: those of deploy/kubernetes/025-KafkaUser-worker.yaml. */
    static List<AclBinding> workerAcls() {
        List<AclBinding> acls = new ArrayList<>();
        acls.add(allow(WORKER, ResourceType.TOPIC, Topics.JOBS, PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(WORKER, ResourceType.TOPIC, Topics.JOBS, PatternType.LITERAL, AclOperation.WRITE));
        acls.add(allow(WORKER, ResourceType.TOPIC, Topics.MODELS, PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(WORKER, ResourceType.TOPIC, Topics.JOB_EVENTS, PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(WORKER, ResourceType.TOPIC, Topics.JOB_EVENTS, PatternType.LITERAL, AclOperation.WRITE));
        acls.add(allow(WORKER, ResourceType.TOPIC, Topics.MODEL_STATUS, PatternType.LITERAL, AclOperation.WRITE));
        acls.add(allow(WORKER, ResourceType.TOPIC, Topics.JOBS_DLQ, PatternType.LITERAL, AclOperation.WRITE));
        acls.add(allow(WORKER, ResourceType.GROUP, "udpm-workers", PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(WORKER, ResourceType.GROUP, "udpm-worker-", PatternType.PREFIXED, AclOperation.READ));
        return acls;
    }

    /** The clients' ACLs: those of deploy/kubernetes/027-KafkaUser-client.yaml. */
    static List<AclBinding> clientAcls() {
        return List.of(
                allow(CLIENT, ResourceType.TOPIC, Topics.JOBS, PatternType.LITERAL, AclOperation.WRITE),
                allow(CLIENT, ResourceType.TOPIC, Topics.JOB_EVENTS, PatternType.LITERAL, AclOperation.READ),
                allow(CLIENT, ResourceType.GROUP, "udpm-client-", PatternType.PREFIXED, AclOperation.READ));
    }

    private void grant(List<AclBinding> acls) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create ACLs " + acls + ": " + e, e);
        }
    }

    private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern,
                                    AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    @Override
    public void stop() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (dir != null) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // temporary directory; nothing else to do
            }
            dir = null;
        }
    }
}
