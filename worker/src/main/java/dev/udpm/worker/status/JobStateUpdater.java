package dev.udpm.worker.status;

import java.util.Optional;

import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.status.JobState;
import dev.udpm.schemas.status.JobStateFold;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ContractViolationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * The global store's update processor: parses each {@code udpm.job-events} record (validated against
 * job-event.schema.json) and folds it into the job's state ({@link JobStateFold}). Kafka Streams also runs it when
 * it rebuilds the store from the topic at start-up ({@code StreamsBuilder#addGlobalStore} reprocesses on restore),
 * so a restarted or new instance reaches the same state. A record that is not a valid job event is logged and
 * skipped: one bad record must not stop the status of every other job. Each event that changed a job's state is
 * also handed, with its partition and offset, to the {@link JobEventJournal} (the live event streams), so the
 * journal is rebuilt with the store.
 */
final class JobStateUpdater implements Processor<String, String, Void, Void> {

    private static final Logger LOG = Logger.getLogger(JobStateUpdater.class);

    private final JobEventJournal journal;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, JobState> store;

    /** @param journal told of every event that changed a job's state, or null */
    JobStateUpdater(JobEventJournal journal) {
        this.journal = journal;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(JobStatusTopology.STORE);
    }

    @Override
    public void process(Record<String, String> record) {
        if (record.value() == null) {
            return;
        }
        JobEvent event;
        try {
            event = ContractValidator.shared().parseJobEvent(record.value());
        } catch (ContractViolationException e) {
            LOG.warnf("Skipping a udpm.job-events record (key %s) that is not a valid job event: %s", record.key(),
                    e.getMessage());
            return;
        }
        JobState current = store.get(event.jobId());
        JobState next = JobStateFold.apply(current, event);
        if (next != current) {
            store.put(event.jobId(), next);
            journal(event, record.value(), next);
        }
    }

    private void journal(JobEvent event, String json, JobState next) {
        if (journal == null) {
            return;
        }
        Optional<RecordMetadata> where = context.recordMetadata();
        if (where.isEmpty()) {
            LOG.warnf("No offset for an event of job %s; it is not in the live event stream", event.jobId());
            return;
        }
        journal.append(event.jobId(), where.get().partition(), where.get().offset(), event, json,
                next.status().terminal());
    }
}
