package dev.udpm.worker.bulk;

import java.time.Clock;

import dev.udpm.worker.config.WorkerIdentity;
import dev.udpm.worker.events.JobEventSink;
import dev.udpm.worker.events.ShardTaskSink;
import dev.udpm.worker.jobs.JobTracer;
import dev.udpm.worker.jobs.JobsConfig;
import dev.udpm.worker.models.ModelRegistry;
import dev.udpm.worker.output.JobObjects;
import dev.udpm.worker.status.FleetJobStatus;
import dev.udpm.worker.tenants.TenantQuotas;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** CDI wiring of the plain bulk-job classes. */
@ApplicationScoped
public class BulkBeans {

    @Produces
    @Singleton
    ShardCompletion shardCompletion(JobObjects objects, JobEventSink events, FleetJobStatus status,
            WorkerIdentity identity, JobTracer tracer) {
        return new ShardCompletion(objects, events, status::cancelled, status::completed, identity.id(), tracer,
                Clock.systemUTC());
    }

    @Produces
    @Singleton
    BulkJobSplitter bulkJobSplitter(JobObjects objects, ModelRegistry registry, ShardTaskSink shardTasks,
            JobEventSink events, ShardCompletion completion, FleetJobStatus status, JobsConfig jobs,
            WorkerIdentity identity, TenantQuotas quotas, JobTracer tracer) {
        return new BulkJobSplitter(objects, registry, shardTasks, events, completion, status::cancelled,
                status::endedAt, jobs.shardSize(), identity.id(), quotas, tracer, Clock.systemUTC());
    }
}
