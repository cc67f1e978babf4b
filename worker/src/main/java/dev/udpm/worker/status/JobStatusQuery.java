package dev.udpm.worker.status;

import java.util.Optional;

import dev.udpm.schemas.status.JobState;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a job's state from the local copy of the global store {@value JobStatusTopology#STORE} of one
 * {@link KafkaStreams} instance running {@link JobStatusTopology}. Local reads only: the store is global, so this
 * instance holds every job.
 */
public final class JobStatusQuery {

    private final KafkaStreams streams;

    public JobStatusQuery(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * The state of {@code jobId}, empty if no event of it has been read.
     *
     * @throws JobStatusUnavailableException while the store is not queryable (starting, rebuilding, stopped)
     */
    public Optional<JobState> find(String jobId) {
        ReadOnlyKeyValueStore<String, JobState> store;
        try {
            store = streams.store(StoreQueryParameters.fromNameAndType(JobStatusTopology.STORE,
                    QueryableStoreTypes.keyValueStore()));
            return Optional.ofNullable(store.get(jobId));
        } catch (InvalidStateStoreException e) {
            throw new JobStatusUnavailableException("the job-status store is not queryable while Kafka Streams is "
                    + streams.state() + " (it is being built from udpm.job-events); retry in a few seconds", e);
        }
    }
}
