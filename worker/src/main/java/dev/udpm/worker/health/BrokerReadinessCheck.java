package dev.udpm.worker.health;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.udpm.storage.quarkus.CachedProbe;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@value #NAME}: the broker answers a cluster description within 3 s. Replaces Quarkus' "Kafka
 * connection health check", which waits for the answer on the health request itself (up to a minute while the
 * broker is down or paused). This one is answered from the last probe ({@link CachedProbe}: every 2 s, DOWN after
 * 4 s without an answer, {@code checkedAgoMs} in the data), so {@code /q/health/ready} answers at once in a broker
 * outage. The admin client uses the application's Kafka settings ({@code kafka.*}, security included). Created at
 * start-up ({@code @Startup}), so probing starts with the application.
 */
@Readiness
@ApplicationScoped
@Startup
public class BrokerReadinessCheck implements HealthCheck {

    /** The check's name in {@code /q/health/ready}. */
    public static final String NAME = "kafka-broker";

    private final Admin admin;
    private final CachedProbe probe;

    @Inject
    public BrokerReadinessCheck(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "udpm-worker-health");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        this.admin = Admin.create(config);
        this.probe = new CachedProbe(NAME, Duration.ofSeconds(2), Duration.ofSeconds(4), this::describe);
    }

    private HealthCheckResponse describe() {
        try {
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes()
                    .get(3500, TimeUnit.MILLISECONDS);
            return HealthCheckResponse.named(NAME).up().withData("nodes", nodes.stream()
                    .map(node -> node.host() + ":" + node.port()).collect(Collectors.joining(","))).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthCheckResponse.named(NAME).down().withData("reason", "interrupted").build();
        } catch (Exception e) {
            return HealthCheckResponse.named(NAME).down().withData("reason", "the broker did not answer: "
                    + e.getMessage()).build();
        }
    }

    @PreDestroy
    void stop() {
        probe.close();
        admin.close(Duration.ofSeconds(1));
    }

    @Override
    public HealthCheckResponse call() {
        return probe.current();
    }
}
