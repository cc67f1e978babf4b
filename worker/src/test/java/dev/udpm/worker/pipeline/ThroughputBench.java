package dev.udpm.worker.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.latent.Latents;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.worker.batching.PaddedChain;
import dev.udpm.worker.jobs.Requests;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Throughput measurements (not part of the test suite; run by the {@code *Bench} classes with {@code -Dtest=}):
 * images/s through the whole pipeline (Kafka -> worker -> S3 -> completed event) and through the raw chain on
 * the same loaded model, in the same JVM. Results are printed and appended to {@code target/throughput.txt}.
 */
final class ThroughputBench {

    private ThroughputBench() {
    }

    /**
     * Images/s of the raw chain: {@code images} images in calls of {@code batch} through {@link PaddedChain} with
     * {@code padMultiple}, after two warm-up calls.
     */
    static double rawChain(UdpmModel model, int batch, int padMultiple, int images) {
        PaddedChain chain = new PaddedChain(padMultiple);
        LatentGenerator generator = new LatentGenerator(model.latentShapes());
        List<Latents> latents = generator.generate(99, 0, batch);
        int[] labels = new int[batch];
        boolean conditional = model.manifest().conditional();
        for (int i = 0; i < batch; i++) {
            labels[i] = conditional ? i % model.manifest().numClasses() : 0;
        }
        chain.generate(model, latents, labels);
        chain.generate(model, latents, labels);
        int calls = Math.max(1, images / batch);
        long t0 = System.nanoTime();
        for (int c = 0; c < calls; c++) {
            chain.generate(model, latents, labels);
        }
        return calls * batch / seconds(System.nanoTime() - t0);
    }

    /**
     * Images/s through the whole pipeline: {@code jobs} generate jobs of {@code imagesPerJob} images written at once
     * to udpm.jobs, timed from the first write to the last completed event read back.
     */
    static double pipeline(String bootstrapServers, String model, int jobs, int imagesPerJob) {
        try (JobTopics topics = new JobTopics(bootstrapServers);
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                        new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.JOB_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            String run = UUID.randomUUID().toString().substring(0, 8);
            Set<String> pending = new HashSet<>();
            List<String> bodies = new ArrayList<>();
            for (int j = 0; j < jobs; j++) {
                String id = "bench-" + run + "-" + j;
                pending.add(id);
                bodies.add(Requests.generate(id, model, imagesPerJob, 1000 + j,
                        "\"classLabels\":[0,1,2,3,4,5,6,7,8,9]"));
            }
            long t0 = System.nanoTime();
            for (int j = 0; j < jobs; j++) {
                topics.send("bench-" + run + "-" + j, bodies.get(j));
            }
            long deadline = t0 + Duration.ofMinutes(10).toNanos();
            while (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(pending.size() + " bench jobs did not complete");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                    if (pending.contains(record.key())) {
                        JobEvent event = ContractValidator.shared().parseJobEvent(record.value());
                        if (event.terminal()) {
                            if (!event.eventType().equals("completed")) {
                                throw new AssertionError("bench job " + record.key() + " ended " + record.value());
                            }
                            pending.remove(record.key());
                        }
                    }
                }
            }
            return jobs * imagesPerJob / seconds(System.nanoTime() - t0);
        }
    }

    /** Prints {@code line} and appends it to {@code target/throughput.txt}. */
    static void report(String line) {
        System.out.println("THROUGHPUT " + line);
        try {
            Files.writeString(Path.of("target", "throughput.txt"), line + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("could not write target/throughput.txt: " + e.getMessage());
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
