package dev.udpm.worker.status;

import dev.udpm.schemas.Topics;
import dev.udpm.schemas.status.JobState;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.Stores;

/**
 * The job-status topology: one global store, {@value #STORE}, that every instance fills from ALL partitions of
 * {@code udpm.job-events} (key = jobId) by folding each event into the job's {@link JobState}
 * ({@link JobStateUpdater}). A global store has no consumer group and no changelog: each instance reads the topic
 * itself (from the beginning at start-up, the store being in memory), so every worker answers for every job
 * without RPC between instances. The topology has no stream tasks, so Kafka Streams runs it with zero stream
 * threads and the application id only names clients and the (unused) state directory.
 *
 * <p>Memory: one {@link JobState} per job within the topic's retention (a completed job holds its object list).
 */
public final class JobStatusTopology {

    /** Name of the global key-value store: jobId -> {@link JobState}. */
    public static final String STORE = "udpm-job-status";

    private JobStatusTopology() {
    }

    /** A new topology (one per {@code KafkaStreams} instance) feeding no event journal. */
    public static Topology build() {
        return build(null);
    }

    /**
     * A new topology (one per {@code KafkaStreams} instance) whose store updates also feed {@code journal} (the
     * events of each job, for {@code GET /v1/jobs/{jobId}/events}), or none if null.
     */
    public static Topology build(JobEventJournal journal) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), new JobStateSerde())
                        .withLoggingDisabled(),
                Topics.JOB_EVENTS,
                Consumed.with(Serdes.String(), Serdes.String()).withName("udpm-job-events-source"),
                () -> new JobStateUpdater(journal));
        return builder.build();
    }
}
