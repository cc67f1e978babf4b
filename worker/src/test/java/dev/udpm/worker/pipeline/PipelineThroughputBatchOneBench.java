package dev.udpm.worker.pipeline;

import static org.awaitility.Awaitility.await;

import java.util.Map;

import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.batching.BatchingConfig;
import dev.udpm.worker.models.BundledTinyModelResource;
import dev.udpm.worker.models.ModelRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * NOT part of the suite: the same whole-pipeline measurement as {@link PipelineThroughputBench} with batching off
 * (one image per chain call, no padding), to compare against the configured batch.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
@TestProfile(PipelineThroughputBatchOneBench.BatchOne.class)
class PipelineThroughputBatchOneBench {

    /** One image per chain call. */
    public static class BatchOne implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("udpm.worker.batching.max-size", "1", "udpm.worker.batching.pad-multiple", "1");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ModelRegistry registry;

    @Inject
    BatchingConfig batching;

    @Test
    void measure() {
        await().atMost(PipelineEndToEndTest.WAIT).until(() -> !registry.loaded().isEmpty());
        ThroughputBench.pipeline(bootstrapServers, BundledTinyModelResource.NAME, 2, 16); // warm-up
        double pipeline = ThroughputBench.pipeline(bootstrapServers, BundledTinyModelResource.NAME,
                PipelineThroughputBench.JOBS, PipelineThroughputBench.IMAGES_PER_JOB);
        ThroughputBench.report(String.format("tiny model, batch %d (pad %d): pipeline %.0f images/s",
                batching.maxSize(), batching.padMultiple(), pipeline));
    }
}
