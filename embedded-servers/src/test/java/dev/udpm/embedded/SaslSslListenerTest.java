package dev.udpm.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker's SASL_SSL listener authenticates for real: SCRAM-SHA-512 over TLS with a keytool-made
 * certificate, a wrong password is refused, a client that does not trust the certificate cannot connect, and with
 * ACLs enforced a user may do exactly what its ACLs allow.
 */
class SaslSslListenerTest {

    private static final String USER = "app";
    private static final String PASSWORD = "s3cret-" + UUID.randomUUID();
    private static final String TOPIC = "secured";
    private static final String FORBIDDEN = "forbidden";

    private static Path dir;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("udpm-tls-");
        kafka = EmbeddedKafka.startWithSaslSsl(new SaslSslListener(SelfSignedTls.generate(dir), true));
        kafka.createTopics(TopicSpec.of(TOPIC, 1), TopicSpec.of(FORBIDDEN, 1));
        kafka.addScramUser(USER, PASSWORD);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createAcls(List.of(
                    allow(ResourceType.TOPIC, TOPIC, AclOperation.WRITE),
                    allow(ResourceType.TOPIC, TOPIC, AclOperation.READ),
                    allow(ResourceType.GROUP, "app-", PatternType.PREFIXED, AclOperation.READ)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        EmbeddedKafka.deleteRecursively(dir);
    }

    @Test
    void theUserWritesAndReadsItsTopicOverTls() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(client(PASSWORD),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "k", "over-tls")).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> consumerProps = client(PASSWORD);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "app-" + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        String value = null;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps,
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (value == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    value = record.value();
                }
            }
        }
        assertEquals("over-tls", value);
    }

    @Test
    void aWrongPasswordIsRefused() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> {
            try (Admin admin = Admin.create(client("wrong-" + PASSWORD))) {
                admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
            }
        });
        assertInstanceOf(SaslAuthenticationException.class, e.getCause(), e.toString());
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateCannotConnect() {
        Map<String, Object> props = client(PASSWORD);
        props.remove("ssl.truststore.type");
        props.remove("ssl.truststore.location");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        ExecutionException e = assertThrows(ExecutionException.class, () -> {
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
            }
        });
        assertInstanceOf(SslAuthenticationException.class, e.getCause(), e.toString());
    }

    @Test
    void aTopicWithoutAnAclIsDenied() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> {
            Map<String, Object> props = client(PASSWORD);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props,
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(FORBIDDEN, "k", "v")).get(30, TimeUnit.SECONDS);
            }
        });
        assertInstanceOf(TopicAuthorizationException.class, e.getCause(), e.toString());
    }

    private static Map<String, Object> client(String password) {
        return new HashMap<>(kafka.saslSslClientProperties(USER, password));
    }

    private static AclBinding allow(ResourceType type, String name, AclOperation operation) {
        return allow(type, name, PatternType.LITERAL, operation);
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + USER, "*", operation, AclPermissionType.ALLOW));
    }
}
