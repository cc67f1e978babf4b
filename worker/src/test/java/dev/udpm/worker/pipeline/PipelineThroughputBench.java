package dev.udpm.worker.pipeline;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import dev.udpm.core.math.PosteriorMode;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.ModelExporter;
import dev.udpm.core.model.ModelLoader;
import dev.udpm.core.model.ModelSpec;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.core.net.UNetConfig;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.batching.BatchingConfig;
import dev.udpm.worker.models.BundledTinyModelResource;
import dev.udpm.worker.models.ModelLease;
import dev.udpm.worker.models.ModelRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * NOT part of the suite (the name does not match surefire's test patterns). Run on purpose:
 * {@code ./mvnw -o -B -q -pl worker test -Dtest='PipelineThroughputBench,PipelineThroughputBatchOneBench'}.
 * Measures, in one worker JVM with the configured batching: whole-pipeline images/s vs the raw chain on the same
 * loaded model; raw chain batch 1 vs configured batch, also for a CPU-default-size random U-Net.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class PipelineThroughputBench {

    static final int JOBS = 32;
    static final int IMAGES_PER_JOB = 32;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ModelRegistry registry;

    @Inject
    BatchingConfig batching;

    @Test
    void measure() throws Exception {
        String model = BundledTinyModelResource.NAME;
        await().atMost(PipelineEndToEndTest.WAIT).until(() -> !registry.loaded().isEmpty());
        ThroughputBench.pipeline(bootstrapServers, model, 2, 16); // warm-up
        double pipeline = ThroughputBench.pipeline(bootstrapServers, model, JOBS, IMAGES_PER_JOB);
        double rawConfigured;
        double rawOne;
        try (ModelLease lease = registry.acquire(model, null)) {
            rawConfigured = ThroughputBench.rawChain(lease.model(), batching.maxSize(), batching.padMultiple(), 2048);
            rawOne = ThroughputBench.rawChain(lease.model(), 1, 1, 256);
        }
        ThroughputBench.report(String.format("tiny model, batch %d (pad %d): pipeline %.0f images/s, raw chain %.0f"
                + " images/s, pipeline/raw = %.3f; raw chain batch 1 %.0f images/s, batch %d / batch 1 = %.2f",
                batching.maxSize(), batching.padMultiple(), pipeline, rawConfigured, pipeline / rawConfigured, rawOne,
                batching.maxSize(), rawConfigured / rawOne));

        Path dir = Files.createTempDirectory("bench-cpu-default");
        ModelExporter.exportInitialised(dir.resolve("m"), new ModelSpec("bench", "1",
                Instant.parse("2025-01-01T00:00:00Z"), 32, UNetConfig.cpuDefault(1, 10), Schedule.paperDefault(),
                PosteriorMode.EXACT, Map.of("kind", "bench"), Map.of()), 5);
        try (UdpmModel big = ModelLoader.load(dir.resolve("m"), DeviceOptions.cpu(0, 0))) {
            double bigConfigured = ThroughputBench.rawChain(big, batching.maxSize(), batching.padMultiple(), 256);
            double bigOne = ThroughputBench.rawChain(big, 1, 1, 32);
            ThroughputBench.report(String.format("cpuDefault U-Net (32x32x1, random weights), raw chain: batch %d"
                    + " %.1f images/s, batch 1 %.1f images/s, ratio %.2f", batching.maxSize(), bigConfigured, bigOne,
                    bigConfigured / bigOne));
        }
    }
}
