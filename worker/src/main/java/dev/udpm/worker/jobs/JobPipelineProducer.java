package dev.udpm.worker.jobs;

import java.time.Clock;

import dev.udpm.worker.batching.BatchPolicy;
import dev.udpm.worker.batching.BatchingConfig;
import dev.udpm.worker.config.WorkerIdentity;
import dev.udpm.worker.events.JobEventSink;
import dev.udpm.worker.events.ShardTaskSink;
import dev.udpm.worker.models.ModelRegistry;
import dev.udpm.worker.output.JobObjects;
import dev.udpm.worker.status.FleetJobStatus;
import dev.udpm.worker.tenants.TenantQuotas;
import dev.udpm.worker.tenants.TenantsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** CDI wiring of the plain {@link JobPipeline}: one per application, started on creation, closed on shutdown. */
@ApplicationScoped
public class JobPipelineProducer {

    @Produces
    @Singleton
    JobPipeline pipeline(BatchingConfig batching, JobsConfig jobs, TenantsConfig tenants, WorkerIdentity identity,
            ModelRegistry registry, JobObjects objects, JobEventSink events, ShardTaskSink shardTasks,
            FleetJobStatus status, TenantQuotas quotas, MeterRegistry meters, JobTracer tracer) {
        PipelineSettings settings = new PipelineSettings(new BatchPolicy(batching.maxSize(), batching.maxWait(),
                TenantsConfig.fairShare(tenants)),
                batching.padMultiple(), batching.progressInterval(), jobs.ioThreads(),
                batching.maxPendingOutputBatches(), identity.id(), jobs.rememberedCancellations(),
                jobs.maxEventBytes(), jobs.presignedUrls());
        JobPipeline pipeline = new JobPipeline(settings, registry, objects, events, shardTasks,
                status::cancelled, status::failedAt, status::endedAt, new JobMetrics(meters), quotas, tracer,
                Clock.systemUTC());
        pipeline.start();
        return pipeline;
    }

    void close(@Disposes JobPipeline pipeline) {
        pipeline.close();
    }
}
