package dev.udpm.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.udpm.embedded.EmbeddedKafka;
import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.embedded.UdpmTopics;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.storage.ObjectStore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One real Kafka broker (every UDPM topic) and one real S3 endpoint (bucket {@value #BUCKET}) for all CLI tests of
 * this JVM, started on first use and stopped at JVM exit; helpers run the CLI against them and read/write topics.
 */
final class TestInfra {

    static final String BUCKET = "udpm-cli-test";

    private static EmbeddedKafka kafka;
    private static EmbeddedS3 s3;

    private TestInfra() {
    }

    static synchronized void start() {
        if (kafka != null) {
            return;
        }
        kafka = EmbeddedKafka.start();
        s3 = EmbeddedS3.startTransient();
        kafka.createTopics(UdpmTopics.specs());
        s3.createBucket(BUCKET);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            s3.close();
            kafka.close();
        }));
    }

    static String bootstrap() {
        start();
        return kafka.bootstrapServers();
    }

    static EmbeddedS3 s3() {
        start();
        return s3;
    }

    /** The connection flags pointing at this infrastructure. */
    static List<String> connectionArgs() {
        start();
        return List.of("--bootstrap-servers", kafka.bootstrapServers(), "--s3-endpoint", s3.endpoint(),
                "--s3-access-key", s3.accessKey(), "--s3-secret-key", s3.secretKey(), "--bucket", BUCKET,
                "--connect-timeout", "2s");
    }

    /** A store client on the test bucket. */
    static ObjectStore store() {
        ConnectionOptions c = new ConnectionOptions();
        c.s3Endpoint = s3().endpoint();
        c.s3AccessKey = s3.accessKey();
        c.s3SecretKey = s3.secretKey();
        c.s3Region = "us-east-1";
        c.bucket = BUCKET;
        c.connectTimeout = Duration.ofSeconds(2);
        return c.openStore();
    }

    /** Runs {@code udpm <command> <args> <connection flags>} in this JVM. */
    static Result run(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command.split(" ")));
        all.addAll(List.of(args));
        all.addAll(connectionArgs());
        return runRaw(all.toArray(String[]::new));
    }

    /** Runs exactly these arguments. */
    static Result runRaw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Writes events as a worker would (key = jobId, JSON body). */
    static void produceEvents(JobEvent... events) {
        try (KafkaProducer<String, String> producer = producer()) {
            for (JobEvent e : events) {
                producer.send(new ProducerRecord<>(dev.udpm.schemas.Topics.JOB_EVENTS, e.jobId(), Json.write(e)));
            }
            producer.flush();
        }
    }

    /** Writes a raw record. */
    static void produce(String topic, String key, String value) {
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, key, value));
            producer.flush();
        }
    }

    /** Every record of {@code topic} whose key is {@code key}, reading the whole topic. */
    static List<ConsumerRecord<String, String>> records(String topic, String key) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()),
                new StringSerializer(), new StringSerializer());
    }

    /** What a CLI run printed and returned. */
    record Result(int code, String out, String err, Duration took) {
        @Override
        public String toString() {
            return "exit " + code + " after " + took.toMillis() + " ms\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
