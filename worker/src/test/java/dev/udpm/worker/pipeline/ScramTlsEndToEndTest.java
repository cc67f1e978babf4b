package dev.udpm.worker.pipeline;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.status.JobPhase;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.ModelRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker over Kafka secured like production: its only broker address is a SASL_SSL listener (SCRAM-SHA-512 over
 * TLS, real authentication by the broker) with ACLs enforced, the worker's user holding exactly the ACLs of its
 * KafkaUser ({@link ScramTlsInfraResource}). A client user submits jobs and reads their events; jobs complete, the
 * Kafka Streams status store answers, and a wrong password or a topic outside a user's ACLs is refused.
 */
@QuarkusTest
@TestProfile(ScramTlsProfile.class)
class ScramTlsEndToEndTest {

    private static final Duration WAIT = PipelineEndToEndTest.WAIT;
    private static final String MODEL = PipelineEndToEndTest.MODEL;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "kafka.security.protocol")
    String securityProtocol;
    @ConfigProperty(name = "kafka.ssl.truststore.location")
    String truststore;
    @ConfigProperty(name = "udpm.test.kafka.client.user")
    String clientUser;
    @ConfigProperty(name = "udpm.test.kafka.client.password")
    String clientPassword;

    @Inject
    ModelRegistry registry;

    private JobTopics client;

    @BeforeEach
    void modelLoadedAndClient() {
        await().atMost(WAIT).until(() -> !registry.loaded().isEmpty());
        client = new JobTopics(clientProperties(clientPassword));
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void aJobSubmittedOnKafkaCompletesOverSaslSslAndTheStatusStoreFollows() {
        assertEquals("SASL_SSL", securityProtocol, "the worker must be configured for the SASL_SSL listener only");
        String id = "scram-" + UUID.randomUUID();
        client.send(id, Requests.generate(id, MODEL, 3, 11, "\"classLabels\":[2]"));
        JobCompleted completed = StoredJobs.completed(client.awaitTerminal(id, WAIT));
        assertEquals(3, completed.objects().size());
        // GET /v1/jobs/{id} is answered from the Kafka Streams store: Kafka Streams authenticated too.
        JobStatusEndToEndTest.awaitStatus(id, JobPhase.COMPLETED);
    }

    @Test
    void aJobSubmittedThroughRestIsWrittenByTheWorkersUserAndCompletes() {
        String id = "scram-rest-" + UUID.randomUUID();
        given().header("Authorization", "Bearer test-key-1").contentType("application/json")
                .body(Requests.generate(id, MODEL, 2, 5, "\"classLabels\":[1]"))
                .when().post("/v1/jobs").then().statusCode(202);
        StoredJobs.completed(client.awaitTerminal(id, WAIT));
    }

    @Test
    void aWrongPasswordIsRefusedByTheBroker() {
        Map<String, Object> props = clientProperties("wrong-" + clientPassword);
        ExecutionException e = assertThrows(ExecutionException.class, () -> {
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
            }
        });
        assertInstanceOf(SaslAuthenticationException.class, e.getCause(), e.toString());
    }

    @Test
    void theClientUserCannotReadTheJobsTopic() {
        Map<String, Object> props = clientProperties(clientPassword);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "udpm-client-" + UUID.randomUUID());
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            assertThrows(TopicAuthorizationException.class, () -> {
                consumer.subscribe(List.of(Topics.JOBS));
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200));
                }
            }, "a client may write jobs but not read other clients' requests");
        }
    }

    private Map<String, Object> clientProperties(String password) {
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", "SCRAM-SHA-512");
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + clientUser + "\" password=\"" + password + "\";");
        props.put("ssl.truststore.type", "PEM");
        props.put("ssl.truststore.location", truststore);
        return props;
    }
}
