package dev.udpm.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.udpm.embedded.EmbeddedKafka;
import dev.udpm.embedded.SaslSslListener;
import dev.udpm.embedded.SelfSignedTls;
import dev.udpm.embedded.UdpmTopics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One real embedded KRaft broker for the client's tests, with the fleet's topics, a plain listener (the harness) and a
 * SASL_SSL listener with SCRAM-SHA-512 and a self-signed certificate (production's listener), user {@link #USER}.
 */
final class TestBroker {

    static final String USER = "udpm-client-test";
    /** Random per run; without quotes, which the embedded broker's own user check does not escape. */
    static final String PASSWORD = "pw=" + Long.toHexString(System.nanoTime()) + "!";

    private static EmbeddedKafka kafka;
    private static SelfSignedTls tls;

    private TestBroker() {
    }

    static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            try {
                tls = SelfSignedTls.generate(Files.createTempDirectory("udpm-client-tls-"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            kafka = EmbeddedKafka.startWithSaslSsl(new SaslSslListener(tls, false));
            kafka.createTopics(UdpmTopics.specs());
            kafka.addScramUser(USER, PASSWORD);
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        }
        return kafka;
    }

    /** The PEM certificate the SASL_SSL listener presents. */
    static Path caFile() {
        kafka();
        return tls.certificatePem();
    }

    static String plainBootstrap() {
        return kafka().bootstrapServers();
    }

    static String secureBootstrap() {
        return kafka().saslSslBootstrapServers();
    }

    /** A producer on the plain listener, for the harness. */
    static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", plainBootstrap()), new StringSerializer(),
                new StringSerializer());
    }
}
