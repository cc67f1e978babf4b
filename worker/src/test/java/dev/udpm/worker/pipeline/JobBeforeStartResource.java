package dev.udpm.worker.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import dev.udpm.schemas.Topics;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes a job for the bundled model to {@code udpm.jobs} BEFORE the application starts, the situation of a worker
 * restarted with records waiting: its intake reads the job while the model is still loading. The job's id is
 * passed to the test as the property {@value #PROPERTY}. Uses the shared broker of {@link RealInfraResource} (it
 * starts it if it is the first to need it).
 */
public final class JobBeforeStartResource implements QuarkusTestResourceLifecycleManager {

    /** The property holding the id of the job written before the start. */
    public static final String PROPERTY = "udpm.test.job-before-start";

    private final RealInfraResource infra = new RealInfraResource();

    @Override
    public Map<String, String> start() {
        String bootstrap = infra.start().get("kafka.bootstrap.servers");
        String jobId = "before-start-" + UUID.randomUUID();
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            String job = Requests.generate(jobId, BundledTinyModelResource.NAME, 4, 11, "\"classLabels\":[2]");
            producer.send(new ProducerRecord<>(Topics.JOBS, jobId, job.getBytes(StandardCharsets.UTF_8))).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not write the job before the start to " + bootstrap, e);
        }
        return Map.of(PROPERTY, jobId);
    }

    @Override
    public void stop() {
        infra.stop();
    }
}
