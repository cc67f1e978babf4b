package dev.udpm.worker.jobs;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.job.GenerateShard;

/** One shard of a bulk job ({@code task}); its steps are {@link ShardSteps}, shared by the pipeline's shards. */
record BulkShard(GenerateShard task, ShardSteps steps) implements ExecutionKind {

    @Override
    public String key(JobExecution e) {
        return task.recordKey();
    }

    @Override
    public String describe(JobExecution e) {
        return "shard " + task.recordKey();
    }

    @Override
    public Optional<Admitted> admit(JobExecution e) throws JobRejection {
        return steps.admit(e, task);
    }

    @Override
    public Map<String, StoredObject> storedBefore(JobExecution e) {
        return steps.found(e, task);
    }

    @Override
    public boolean cancelledElsewhere(JobExecution e) {
        return steps.parentCancelled(e);
    }

    @Override
    public JobProgress progress(JobExecution e, int done) {
        return steps.progress(e, task, done);
    }

    @Override
    public void finish(JobExecution e) {
        steps.finish(e, task);
    }

    @Override
    public CompletionStage<Void> terminal(JobExecution e, JobEvent terminal) {
        return steps.terminal(e, terminal);
    }
}
