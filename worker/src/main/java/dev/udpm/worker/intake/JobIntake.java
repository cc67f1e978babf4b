package dev.udpm.worker.intake;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.GenerateShard;
import dev.udpm.schemas.job.ShardDone;
import dev.udpm.schemas.validation.CloudEventHeaderCheck.RawHeader;
import dev.udpm.schemas.validation.Violation;
import dev.udpm.worker.bulk.BulkJobSplitter;
import dev.udpm.worker.bulk.ShardCompletion;
import dev.udpm.worker.config.LogSafe;
import dev.udpm.worker.config.WorkerIdentity;
import dev.udpm.worker.events.JobEventSink;
import dev.udpm.worker.jobs.JobMdc;
import dev.udpm.worker.jobs.JobOutcome;
import dev.udpm.worker.jobs.JobPipeline;
import dev.udpm.worker.tracing.TraceContextHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * The job intake: channel {@code jobs} (topic {@code udpm.jobs}, group {@code udpm-workers}, byte[] values so
 * any garbage reaches here unchanged), throttled commit strategy; subscribed by {@link IntakeStart}, which joins the
 * group only after the worker's start-up model selection, so no record reaches here before the worker's models are
 * selected (a job read while the worker starts would otherwise fail {@code MODEL_NOT_FOUND}).
 * <ul>
 *   <li>Valid job: admitted when an in-flight slot is free ({@link AdmissionGate}); the returned stage completes on
 *       admission, so the connector delivers the next record while this one runs. The record is acknowledged,
 *       hence its offset committable, only after the job's terminal event is written.</li>
 *   <li>Cancel: handed to the pipeline and acknowledged at once; a cancel of a bulk job not running here as a job is
 *       handed to {@link ShardCompletion#cancel} (acknowledged once its {@code cancelled} is written).</li>
 *   <li>Bulk generate job ({@code bulk: true}): split by {@link BulkJobSplitter}, acknowledged once its shard tasks
 *       and {@code accepted} are written (it does not hold the partition for the whole job).</li>
 *   <li>Shard of a bulk job ({@code generate-shard}): admitted and run like a job ({@code JobPipeline#submitShard}),
 *       acknowledged once its {@code shard-done} is written.</li>
 *   <li>A rebalance that takes a partition away ({@link JobsRebalanceListener#whenTakenAway}) hands the jobs and
 *       shards running here from its records over: they stop within a batch without an event and unacknowledged,
 *       and the partition's new owner reads their records again and resumes them from the images stored. A record
 *       still waiting for a slot when its partition moved is not started.</li>
 *   <li>{@code shard-done}: handed to {@link ShardCompletion#onShardDone}, acknowledged once it is handled (this
 *       partition's records wait meanwhile, which keeps a job's shard-done and cancel records in order).</li>
 *   <li>Invalid (bad CloudEvents headers included): a {@code failed} event ({@code INVALID_REQUEST}, {@code field}
 *       set) when the record speaks for its own job ({@link RecordTriage}), then its bounded {@link DeadLetter}
 *       on {@code udpm.jobs.dlq} ({@link DeadLetterWriter}), then the ack.</li>
 * </ul>
 * The returned stage never fails: nothing stops the partition. A record the intake gives up on without an ack turns
 * {@link UnacknowledgedRecords} (liveness, readiness) DOWN, since the committed offset can no longer pass it. Whatever is logged from the record goes through
 * {@link LogSafe}.
 */
@ApplicationScoped
public class JobIntake {

    private static final Logger LOG = Logger.getLogger(JobIntake.class);
    /** Rule of a record the worker failed to handle for a reason of its own. */
    static final String RULE_INTERNAL = "internal";

    @Inject
    JobPipeline pipeline;

    @Inject
    JobEventSink events;

    @Inject
    WorkerIdentity identity;

    @Inject
    IntakeConfig config;

    @Inject
    MeterRegistry meters;

    @Inject
    BulkJobSplitter splitter;

    @Inject
    ShardCompletion completion;

    @Inject
    DeadLetterWriter deadLetters;

    @Inject
    UnacknowledgedRecords unacknowledged;

    @Inject
    @Identifier(JobsRebalanceListener.NAME)
    JobsRebalanceListener partitions;

    private final RunningRecords running = new RunningRecords();

    private AdmissionGate gate;
    private AdmissionGate shardGate;
    private ExecutorService handOff;
    private ExecutorService bulkWork;
    private final Clock clock = Clock.systemUTC();

    @PostConstruct
    void init() {
        partitions.whenTakenAway(this::handOver);
        gate = new AdmissionGate(config.maxInFlightJobs());
        shardGate = new AdmissionGate(config.maxInFlightShards());
        handOff = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "udpm-intake-admission");
            thread.setDaemon(true);
            return thread;
        });
        bulkWork = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "udpm-intake-bulk");
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        handOff.shutdownNow();
        bulkWork.shutdownNow();
    }

    /** Jobs admitted and not yet ended. */
    public int inFlightJobs() {
        return gate.permits() - gate.available();
    }

    /**
     * Handles one record of channel {@code jobs}; {@link IntakeStart} subscribes the channel (joins the group) once
     * the start-up model selection ran and calls this for each record, the next once the returned stage completed.
     */
    public CompletionStage<Void> onRecord(Message<byte[]> message) {
        Optional<IncomingKafkaRecordMetadata> meta = message.getMetadata(IncomingKafkaRecordMetadata.class);
        String key = meta.map(m -> m.getKey() == null ? null : m.getKey().toString()).orElse(null);
        try {
            Triage triage = RecordTriage.classify(key, message.getPayload(), meta.map(JobIntake::rawHeaders)
                    .orElse(List.of()));
            Instant written = meta.map(IncomingKafkaRecordMetadata::getTimestamp).orElse(null);
            Map<String, String> trace = meta.map(m -> TraceContextHeaders.of(m.getHeaders())).orElse(Map.of());
            return switch (triage.kind()) {
                case INVALID -> deadLetter(message, triage);
                case CANCEL -> {
                    boolean here;
                    try (JobMdc ignored = JobMdc.of(triage.jobId())) {
                        here = pipeline.cancel(triage.jobId());
                    }
                    yield here ? quietly(message.ack()) : bulk(message, triage.jobId(),
                            () -> completion.cancel(triage.jobId()).orElse(CompletableFuture.completedFuture(null)));
                }
                case JOB -> admit(gate, message, triage.jobId(),
                        at -> pipeline.submit(triage.request(), at, written, trace));
                case BULK -> bulk(message, triage.jobId(),
                        () -> splitter.split((GenerateJob) triage.request(), written, trace));
                case SHARD -> admit(shardGate, message, ((GenerateShard) triage.shardTask()).recordKey(),
                        at -> pipeline.submitShard((GenerateShard) triage.shardTask(), at, trace));
                case SHARD_DONE -> bulk(message, triage.jobId(),
                        () -> completion.onShardDone((ShardDone) triage.shardTask()));
            };
        } catch (RuntimeException unexpected) {
            LOG.errorf("Unexpected failure handling a udpm.jobs record (key %s); dead-lettering it: %s",
                    LogSafe.escape(key), LogSafe.escape(unexpected.toString()));
            LOG.debug("The unexpected failure", unexpected);
            return deadLetter(message, Triage.invalid(null, List.of(new Violation("", RULE_INTERNAL,
                    "the worker could not handle this record: " + unexpected))));
        }
    }

    private static List<RawHeader> rawHeaders(IncomingKafkaRecordMetadata<?, ?> meta) {
        List<RawHeader> headers = new ArrayList<>();
        if (meta.getHeaders() != null) {
            for (Header header : meta.getHeaders()) {
                headers.add(new RawHeader(header.key(), header.value()));
            }
        }
        return headers;
    }

    /**
     * Bulk-job work (object-store reads and writes) on its own thread, off the connector's; the record is
     * acknowledged when {@code work}'s stage completes, and left unacknowledged (redelivered) if it fails.
     */
    private CompletionStage<Void> bulk(Message<byte[]> message, String jobId,
            Supplier<CompletionStage<Void>> work) {
        return CompletableFuture.supplyAsync(() -> {
            try (JobMdc ignored = JobMdc.of(jobId)) {
                return work.get();
            }
        }, bulkWork).thenCompose(stage -> stage).handle((ok, failure) -> {
            if (failure == null) {
                message.ack();
            } else {
                LOG.errorf(failure, "Bulk job %s: handling a udpm.jobs record failed; its offset stays uncommitted",
                        jobId);
                gaveUp(message, "bulk job " + jobId + ": " + failure);
            }
            return null;
        });
    }

    private CompletionStage<Void> admit(AdmissionGate gate, Message<byte[]> message, String jobId,
            Function<Instant, CompletionStage<?>> start) {
        Instant receivedAt = clock.instant();
        CompletableFuture<AdmissionGate.Permit> permit = gate.acquire().toCompletableFuture();
        CompletionStage<Void> admitted = permit.thenAccept(held -> run(message, jobId, start, receivedAt, held));
        if (permit.isDone()) {
            return admitted.exceptionally(failure -> null);
        }
        LOG.debugf("Job %s waits for an in-flight slot (%d held)", jobId, gate.permits());
        // Resume the connector's stream on our own thread, not on the thread that ended another job.
        return admitted.handleAsync((ignored, failure) -> null, handOff);
    }

    private void run(Message<byte[]> message, String jobId, Function<Instant, CompletionStage<?>> start,
            Instant receivedAt, AdmissionGate.Permit permit) {
        int partition = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getPartition).orElse(-1);
        if (partition >= 0 && !partitions.owns(partition)) {
            try (JobMdc ignored = JobMdc.of(jobId)) {
                LOG.infof("Job %s not started: its partition %d moved to another worker while it waited for a slot",
                        jobId, partition);
            }
            permit.release();
            return;
        }
        running.started(partition, jobId);
        CompletionStage<?> ended;
        try {
            ended = start.apply(receivedAt);
        } catch (RuntimeException failure) {
            ended = CompletableFuture.failedFuture(failure);
        }
        ended.whenComplete((outcome, failure) -> {
            running.ended(partition, jobId);
            permit.release();
            if (outcome == JobOutcome.HANDED_OVER) {
                LOG.debugf("Job %s handed over; its record is left to partition %d's new owner", jobId, partition);
            } else if (failure == null) {
                message.ack();
            } else {
                try (JobMdc ignored = JobMdc.of(jobId)) {
                    LOG.errorf("Job %s ended without a written terminal event (%s); its offset stays uncommitted",
                            jobId, failure.getMessage());
                }
                gaveUp(message, "job " + jobId + " ended without a written terminal event: " + failure);
            }
        });
    }

    /**
     * A rebalance took {@code taken} away: the jobs and shards running here from their records stop within a batch,
     * without an event, and the new owner, reading their records again, resumes them from the images stored (instead
     * of both workers computing the same images until one of them ends). Runs on the consumer's thread.
     */
    private void handOver(Set<Integer> taken) {
        List<String> keys = running.of(taken);
        if (!keys.isEmpty()) {
            LOG.infof("Job intake: partitions %s taken away; handing over %d running job(s) and shard(s)", taken,
                    keys.size());
            keys.forEach(pipeline::handOver);
        }
    }

    /**
     * A {@code failed} event when the record speaks for a job ({@link Triage#jobId()}), then its bounded dead letter
     * ({@link DeadLetter}, {@link DeadLetterWriter}), then the ack. Should the dead letter fail to be written (broker
     * or object store down past the clients' retries), a nack hands the record to the connector's dead-letter
     * strategy, carrying the reason headers, as the last resort.
     */
    private CompletionStage<Void> deadLetter(Message<byte[]> message, Triage invalid) {
        meters.counter("udpm.intake.dead.lettered", "rule", invalid.firstViolation().rule()).increment();
        Optional<IncomingKafkaRecordMetadata> meta = message.getMetadata(IncomingKafkaRecordMetadata.class);
        String key = meta.map(m -> m.getKey() == null ? null : m.getKey().toString()).orElse(null);
        String topic = meta.map(IncomingKafkaRecordMetadata::getTopic).orElse(Topics.JOBS);
        int partition = meta.map(IncomingKafkaRecordMetadata::getPartition).orElse(0);
        long offset = meta.map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
        try (JobMdc ignored = JobMdc.of(invalid.readableJobId().orElse("unreadable"))) {
            LOG.warnf("Dead-lettering udpm.jobs record %d@%d (key %s): %s", offset, partition, LogSafe.escape(key),
                    LogSafe.escape(invalid.describeViolations()));
        }
        CompletionStage<Void> failedEvent = invalid.readableJobId()
                .map(jobId -> quietly(events.publish(new JobFailed(jobId, clock.instant(), identity.id(), null,
                        FailureCode.INVALID_REQUEST, "invalid job request: " + invalid.describeViolations(),
                        invalid.firstViolation().field()))))
                .orElse(CompletableFuture.completedFuture(null));
        return failedEvent.thenCompose(ignored -> {
            if (offset < 0) {
                return lastResort(message, invalid, new IllegalStateException("no Kafka record metadata"));
            }
            DeadLetter letter = DeadLetter.of(invalid, topic, partition, offset, key, message.getPayload(),
                    meta.get().getHeaders(), config.deadLetterMaxBytes());
            return deadLetters.write(letter).handle((written, failure) -> failure)
                    .thenCompose(failure -> failure == null ? quietly(message.ack())
                            : lastResort(message, invalid, failure));
        });
    }

    private CompletionStage<Void> lastResort(Message<byte[]> message, Triage invalid, Throwable failure) {
        meters.counter("udpm.intake.dead.letter.failures").increment();
        LOG.errorf("Could not write the dead letter of a udpm.jobs record (%s); handing it to the connector's"
                + " dead-letter strategy", LogSafe.escape(String.valueOf(failure)));
        List<RecordHeader> reasons = DeadLetterHeaders.of(invalid).stream()
                .filter(header -> header.key().startsWith("udpm-")).toList();
        return message.nack(new InvalidJobRecordException(invalid), Metadata.of(
                OutgoingKafkaRecordMetadata.<String>builder().withHeaders(reasons).build()))
                .handle((ignored, lastFailure) -> {
                    if (lastFailure != null) {
                        LOG.errorf("The connector could not dead-letter the record either (%s); its offset stays"
                                + " uncommitted", LogSafe.escape(String.valueOf(lastFailure)));
                        gaveUp(message, "no dead letter could be written: " + failure);
                    }
                    return null;
                });
    }

    /** Tells health ({@link UnacknowledgedRecords}) that {@code message} will not be acknowledged. */
    private void gaveUp(Message<byte[]> message, String why) {
        Optional<IncomingKafkaRecordMetadata> meta = message.getMetadata(IncomingKafkaRecordMetadata.class);
        unacknowledged.gaveUp(meta.map(IncomingKafkaRecordMetadata::getPartition).orElse(-1),
                meta.map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L), why);
    }

    private static CompletionStage<Void> quietly(CompletionStage<Void> stage) {
        return stage.handle((ignored, failure) -> {
            if (failure != null) {
                LOG.warnf("Acknowledging a udpm.jobs record failed: %s", failure.getMessage());
            }
            return null;
        });
    }
}
