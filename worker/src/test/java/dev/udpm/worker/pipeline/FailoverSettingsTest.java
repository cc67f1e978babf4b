package dev.udpm.worker.pipeline;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.config.WorkerIdentity;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;

/**
 * The job intake's failover settings as the real broker sees them: the worker is a static member of
 * {@code udpm-workers} (group.instance.id = its worker id) with the cooperative-sticky assignor, and readiness
 * reports its partitions; the health endpoints answer fast.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class FailoverSettingsTest extends EndToEndTest {

    @Inject
    WorkerIdentity identity;

    @Test
    void theIntakeIsAStaticCooperativeMemberAndReadinessSaysWhatItHolds() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            await().atMost(PipelineEndToEndTest.WAIT).untilAsserted(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("udpm-workers")).all()
                        .get(10, TimeUnit.SECONDS).get("udpm-workers");
                assertEquals("cooperative-sticky", group.partitionAssignor());
                List<String> instances = group.members().stream()
                        .map(member -> member.groupInstanceId().orElse("(dynamic)")).toList();
                assertTrue(instances.contains(identity.id()), "members: " + instances);
                MemberDescription self = group.members().stream()
                        .filter(m -> m.groupInstanceId().orElse("").equals(identity.id())).findFirst().orElseThrow();
                assertTrue(!self.assignment().topicPartitions().isEmpty(), "a single worker holds partitions");
            });
        }
        await().atMost(PipelineEndToEndTest.WAIT).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'job-intake' }.status", is("UP"))
                .body("checks.find { it.name == 'kafka-broker' }.status", is("UP"))
                .body("checks.find { it.name == 'object-store' }.status", is("UP")));
        long t0 = System.nanoTime();
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "health answers from memory");
    }
}
