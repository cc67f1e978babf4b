package dev.udpm.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class RealInfraResourceTest {

    private static final Set<String> UDPM_TOPICS =
            Set.of("udpm.jobs", "udpm.job-events", "udpm.jobs.dlq", "udpm.models", "udpm.model-status");

    @Test
    void startsSharedBrokerAndS3WithAllTopicsAndTheBucketAndClosesThemWithTheLastUser() throws Exception {
        RealInfraResource first = new RealInfraResource();
        RealInfraResource second = new RealInfraResource();
        Map<String, String> config = first.start();
        try {
            assertEquals(Set.of("kafka.bootstrap.servers", "udpm.storage.endpoint", "udpm.storage.access-key",
                    "udpm.storage.secret-key", "udpm.storage.bucket"), config.keySet());
            assertEquals(config, second.start(), "a second user must share the running broker and S3");

            try (Admin admin = admin(config)) {
                Map<String, TopicDescription> topics = admin.describeTopics(UDPM_TOPICS).allTopicNames().get();
                assertEquals(UDPM_TOPICS, topics.keySet());
                assertTrue(topics.get("udpm.jobs").partitions().size() >= 4,
                        "udpm.jobs needs >= 4 partitions so several workers share jobs");
                assertEquals(1, topics.get("udpm.models").partitions().size());
                ConfigResource models = new ConfigResource(ConfigResource.Type.TOPIC, "udpm.models");
                assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, admin.describeConfigs(List.of(models)).all().get()
                        .get(models).get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            }
            MinioClient client = MinioClient.builder().endpoint(config.get("udpm.storage.endpoint"))
                    .region("us-east-1")
                    .credentials(config.get("udpm.storage.access-key"), config.get("udpm.storage.secret-key"))
                    .build();
            assertEquals(RealInfraResource.BUCKET, config.get("udpm.storage.bucket"));
            assertTrue(client.bucketExists(BucketExistsArgs.builder().bucket(RealInfraResource.BUCKET).build()));

            first.stop();
            first.stop(); // a second stop of the same user must not close the infrastructure under `second`
            try (Admin admin = admin(config)) {
                assertTrue(admin.listTopics().names().get().contains("udpm.jobs"),
                        "the broker must keep running while another user is active");
            }
        } finally {
            first.stop();
            second.stop();
        }
        HttpClient http = HttpClient.newHttpClient();
        assertThrows(ConnectException.class, () -> http.send(
                HttpRequest.newBuilder(URI.create(config.get("udpm.storage.endpoint"))).build(),
                HttpResponse.BodyHandlers.discarding()), "S3 must be stopped after the last user stops");
    }

    private static Admin admin(Map<String, String> config) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap.servers")));
    }
}
