package dev.udpm.worker.pipeline;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.udpm.worker.models.ModelRegistry;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every end-to-end test of the pipeline needs before and after each test: a loaded model, a Kafka client on
 * the real broker ({@link JobTopics}), and the chain back at full speed afterwards ({@link ChainDelay}).
 */
abstract class EndToEndTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ModelRegistry registry;

    JobTopics topics;

    @BeforeEach
    void modelLoadedAndClient() {
        await().atMost(PipelineEndToEndTest.WAIT).until(() -> !registry.loaded().isEmpty());
        topics = new JobTopics(bootstrapServers);
    }

    @AfterEach
    void resetDelayAndCloseClient() {
        ChainDelay.set(Duration.ZERO);
        topics.close();
    }
}
