package dev.udpm.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;

import dev.udpm.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The event log reads one partition: the one the real producer's default partitioner picks for the job id. */
class JobEventLogPartitionTest {

    @Test
    void partitionOfMatchesWhereTheProducerWritesEachJobId() throws Exception {
        List<TopicPartition> partitions;
        try (var admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", TestBroker.plainBootstrap()))) {
            partitions = admin.describeTopics(List.of(Topics.JOB_EVENTS)).allTopicNames().get()
                    .get(Topics.JOB_EVENTS).partitions().stream()
                    .map(p -> new TopicPartition(Topics.JOB_EVENTS, p.partition())).toList();
        }
        int[] used = new int[partitions.size()];
        try (KafkaProducer<String, String> producer = TestBroker.producer()) {
            for (String jobId : IntStream.range(0, 40).mapToObj(i -> "partition-probe-" + i).toList()) {
                RecordMetadata written = producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, jobId, "{}")).get();
                TopicPartition expected = JobEventLog.partitionOf(jobId, partitions);
                assertEquals(written.partition(), expected.partition(), "partition of " + jobId);
                used[expected.partition()]++;
            }
        }
        assertEquals(0, IntStream.of(used).filter(n -> n == 0).count(), "40 ids spread over every partition");
    }
}
