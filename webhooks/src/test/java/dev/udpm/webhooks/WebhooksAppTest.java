package dev.udpm.webhooks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.job.Webhook;
import dev.udpm.testsupport.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The application as deployed: configuration, wiring, readiness and one signed delivery through the real broker. */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
class WebhooksAppTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    URI root;

    @ConfigProperty(name = "udpm.webhooks.signing-secret")
    String secret;

    @Test
    void theServiceIsReadyAndDeliversASignedEvent() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest.newBuilder(
                root.resolve("/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        try (Receiver receiver = new Receiver(); KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", bootstrap, "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()))) {
            JobAccepted accepted = new JobAccepted("app-1", Instant.now(), "w-0", null, null,
                    new Webhook(receiver.url("/app"), List.of("accepted")));
            var record = new ProducerRecord<>(Topics.JOB_EVENTS, "app-1", Json.write(accepted));
            CloudEvents.binaryModeHeaders(accepted.cloudEventType(), "/udpm/test", accepted.time())
                    .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.requests().isEmpty());
            Receiver.Request r = receiver.requests().get(0);
            assertEquals(DeliveryTest.expectedSignature(secret, r), r.signature());
            assertTrue(r.webhookId().startsWith("msg_"));
            // the receiver answers after recording the request: wait for the delivery to count before closing it
            await().atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest.newBuilder(
                    root.resolve("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body()
                    .contains("udpm_webhooks_attempts_total{outcome=\"delivered\""));
        }
    }
}
