package dev.udpm.worker.intake;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.job.CancelJob;
import dev.udpm.worker.bulk.ShardCompletion;
import dev.udpm.worker.config.LogSafe;
import dev.udpm.worker.jobs.JobMdc;
import dev.udpm.worker.jobs.JobPipeline;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Cancels without waiting in line: channel {@code cancel-watch} reads {@code udpm.jobs} from its end in a consumer
 * group of its own per worker, so every worker sees every cancel record as soon as it is written, even while the
 * job intake holds back the records before it (a partition full of shard tasks waiting for in-flight slots).
 * For a cancel: the job stops here if it runs here ({@link JobPipeline#cancel}), and the worker whose intake holds
 * the record's partition, the owner of a bulk job, answers a bulk job's cancel ({@link ShardCompletion#cancel}), after
 * which the job's shards stop before their next batch on every worker. The same record reaches the intake later in
 * partition order, where it is a no-op. Anything that is not a cancel is ignored; nothing is ever retried.
 */
@ApplicationScoped
public class CancelWatch {

    private static final Logger LOG = Logger.getLogger(CancelWatch.class);

    @Inject
    JobPipeline pipeline;

    @Inject
    ShardCompletion completion;

    @Inject
    @Identifier(JobsRebalanceListener.NAME)
    JobsRebalanceListener partitions;

    @Incoming("cancel-watch")
    @Blocking
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        try {
            String jobId = cancelledJobId(record.value());
            if (jobId != null) {
                int partition = record.partition();
                try (JobMdc ignored = JobMdc.of(jobId)) {
                    pipeline.cancel(jobId);
                    if (partitions.owns(partition)) {
                        completion.cancel(jobId);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Cancel watch: could not handle a udpm.jobs record (%s); the intake handles it in order",
                    LogSafe.escape(e.toString()));
        }
    }

    /** The jobId of a cancel record, or null for anything else. */
    static String cancelledJobId(byte[] value) {
        if (value == null || value.length > 65_536) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(new String(value, StandardCharsets.UTF_8));
            if (node != null && CancelJob.TYPE.equals(node.path("type").asText(null))
                    && node.path("jobId").isTextual()) {
                return node.path("jobId").asText();
            }
        } catch (Exception notJson) {
            // not a cancel
        }
        return null;
    }
}
