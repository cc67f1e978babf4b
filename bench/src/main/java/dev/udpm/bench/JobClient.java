package dev.udpm.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.udpm.client.JobEventTail;
import dev.udpm.client.KafkaSettings;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.status.JobPhase;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A client of the fleet as users see it: writes generate jobs to {@code udpm.jobs} and reads their terminal events
 * from {@code udpm.job-events} (the completed event is written after every image and the manifest are in S3), each
 * job's events folded by the fleet's own fold ({@link dev.udpm.schemas.status.JobStateFold}, through the client
 * library's {@link JobEventTail}).
 */
public final class JobClient implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final JobEventTail events;

    /** A burst's result: images/s from the first write to the last completed event, and each job's latency. */
    public record Burst(int images, double seconds, double[] jobLatencyMs) {

        public double imagesPerSecond() {
            return images / seconds;
        }

        /** The {@code q}-quantile (nearest rank) of the job latencies, ms. */
        public double latencyQuantileMs(double q) {
            return Percentiles.of(jobLatencyMs).quantile(q);
        }

        /** Jobs per second from the first write to the last completed event. */
        public double jobsPerSecond() {
            return jobLatencyMs.length / seconds;
        }
    }

    public JobClient(String bootstrapServers) {
        this(KafkaSettings.plain(bootstrapServers));
    }

    /** A client of the brokers of {@code settings} (address and security). */
    public JobClient(KafkaSettings settings) {
        Map<String, Object> props = new HashMap<>(settings.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        events = JobEventTail.atEnd(settings, System.err::println);
    }

    /** A consumer of every partition of {@code udpm.job-events}, positioned at the current end (no group). */
    public static KafkaConsumer<String, String> tailJobEvents(String bootstrapServers) {
        return JobEventTail.consumerAtEnd(KafkaSettings.plain(bootstrapServers));
    }

    /**
     * Writes {@code jobs} generate jobs of {@code imagesPerJob} images on {@code model} at once and waits for all to
     * complete.
     *
     * @throws IllegalStateException if a job fails or they do not all complete within {@code timeout}
     */
    public Burst burst(String model, int jobs, int imagesPerJob, Duration timeout) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Long> sentAt = new HashMap<>();
        long t0 = System.nanoTime();
        for (int j = 0; j < jobs; j++) {
            String id = "bench-" + run + "-" + j;
            String body = generateJob(id, model, imagesPerJob, 1000 + j);
            sentAt.put(id, System.nanoTime());
            producer.send(new ProducerRecord<>(Topics.JOBS, id, body));
        }
        producer.flush();
        double[] latency = new double[jobs];
        int done = 0;
        long deadline = t0 + timeout.toNanos();
        while (done < jobs) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException((jobs - done) + " of " + jobs + " bench jobs did not complete within "
                        + timeout);
            }
            int[] ended = {done};
            events.poll(Duration.ofMillis(20), (id, state) -> {
                if (!state.status().terminal()) {
                    return;
                }
                Long start = sentAt.remove(id);
                if (start == null) {
                    return;
                }
                if (state.status() != JobPhase.COMPLETED) {
                    throw new IllegalStateException("bench job " + id + " ended " + Json.write(state));
                }
                latency[ended[0]++] = (System.nanoTime() - start) / 1e6;
            });
            done = ended[0];
        }
        return new Burst(jobs * imagesPerJob, (System.nanoTime() - t0) / 1e9, latency);
    }

    /**
     * Writes one job ({@code body}, keyed {@code jobId}) and waits for its terminal event.
     *
     * @return seconds from the write to its {@code completed} event
     * @throws IllegalStateException if it fails or does not end within {@code timeout}
     */
    public double timeJob(String jobId, String body, Duration timeout) {
        long t0 = System.nanoTime();
        producer.send(new ProducerRecord<>(Topics.JOBS, jobId, body));
        producer.flush();
        boolean[] done = {false};
        while (!done[0]) {
            if (System.nanoTime() - t0 > timeout.toNanos()) {
                throw new IllegalStateException("bench job " + jobId + " did not end within " + timeout);
            }
            events.poll(Duration.ofMillis(20), (id, state) -> {
                if (!id.equals(jobId) || !state.status().terminal()) {
                    return;
                }
                if (state.status() != JobPhase.COMPLETED) {
                    throw new IllegalStateException("bench job " + id + " ended " + Json.write(state));
                }
                done[0] = true;
            });
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A generate job (JSON for {@code udpm.jobs}) of {@code count} images of the latest version of {@code model}. */
    public static String generateJob(String jobId, String model, int count, long seed) {
        return """
                {"type":"generate","jobId":"%s","submittedAt":"2025-01-31T12:00:00Z","model":{"name":"%s"},\
                "count":%d,"seed":%d,"classLabels":[0,1,2,3,4,5,6,7,8,9]}""".formatted(jobId, model, count, seed);
    }

    @Override
    public void close() {
        producer.close();
        events.close();
    }
}
