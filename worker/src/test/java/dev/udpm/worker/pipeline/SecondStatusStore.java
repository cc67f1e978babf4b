package dev.udpm.worker.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import dev.udpm.schemas.status.JobState;
import dev.udpm.worker.status.JobEventJournal;
import dev.udpm.worker.status.JobStatusQuery;
import dev.udpm.worker.status.JobStatusTopology;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A second, independent job-status store in the test JVM: a plain {@link KafkaStreams} running the worker's own
 * {@link JobStatusTopology} against the same broker, with the same application id as the app (a global store has
 * no consumer group, so instances never split the topic) and a state directory of its own. It stands for "another
 * worker instance" answering {@code GET /v1/jobs/{id}}.
 */
final class SecondStatusStore implements AutoCloseable {

    private final Path stateDir;
    private final KafkaStreams streams;
    private final JobStatusQuery query;

    /** Starts the instance and waits until its store is built from the topic (RUNNING). */
    SecondStatusStore(String bootstrapServers, Duration timeout) throws Exception {
        this(bootstrapServers, timeout, null);
    }

    /** The same, its store updates also feeding {@code journal} (its live event streams), if not null. */
    SecondStatusStore(String bootstrapServers, Duration timeout, JobEventJournal journal) throws Exception {
        stateDir = Files.createTempDirectory(Path.of("target"), "second-status-store-");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "udpm-worker-job-status");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        streams = new KafkaStreams(JobStatusTopology.build(journal), props);
        streams.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                streams.close(Duration.ofSeconds(5));
                throw new AssertionError("the second status store did not reach RUNNING within " + timeout + ": "
                        + streams.state());
            }
            Thread.sleep(50);
        }
        query = new JobStatusQuery(streams);
    }

    /** This instance's answer for {@code jobId}. */
    Optional<JobState> find(String jobId) {
        return query.find(jobId);
    }

    @Override
    public void close() throws IOException {
        streams.close(Duration.ofSeconds(10));
        try (Stream<Path> paths = Files.walk(stateDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
