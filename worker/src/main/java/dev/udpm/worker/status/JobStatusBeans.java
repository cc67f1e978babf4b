package dev.udpm.worker.status;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * CDI wiring of the job-status store: the {@link Topology} that the Quarkus Kafka Streams extension runs (settings
 * {@code quarkus.kafka-streams.*} and {@code kafka-streams.*} in application.properties) and the query over the
 * {@link KafkaStreams} it starts, and the per-job event journal the store's updates feed (the live event streams).
 */
@ApplicationScoped
public class JobStatusBeans {

    @Produces
    @Singleton
    JobEventJournal jobEventJournal() {
        return new JobEventJournal();
    }

    @Produces
    @Singleton
    Topology jobStatusTopology(JobEventJournal journal) {
        return JobStatusTopology.build(journal);
    }

    @Produces
    @Singleton
    JobStatusQuery jobStatusQuery(KafkaStreams streams) {
        return new JobStatusQuery(streams);
    }
}
