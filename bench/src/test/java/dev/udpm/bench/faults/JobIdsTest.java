package dev.udpm.bench.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class JobIdsTest {

    @Test
    void jobJLandsOnPartitionJModuloThePartitionCountAsTheProducerPartitionsIt() {
        List<String> ids = JobIds.spread("concurrent-ab12cd", 20, 4);
        assertEquals(20, new HashSet<>(ids).size(), "distinct ids");
        for (int j = 0; j < ids.size(); j++) {
            // what KafkaProducer calls for a keyed record without a custom partitioner
            int partition = BuiltInPartitioner.partitionForKey(ids.get(j).getBytes(StandardCharsets.UTF_8), 4);
            assertEquals(j % 4, partition, ids.get(j));
        }
        assertEquals(Map.of(0, 5L, 1, 5L, 2, 5L, 3, 5L), ids.stream()
                .collect(Collectors.groupingBy(id -> JobIds.partition(id, 4), Collectors.counting())));
        assertEquals(ids, JobIds.spread("concurrent-ab12cd", 20, 4), "deterministic");
    }

    @Test
    void aSinglePartitionKeepsThePlainIds() {
        assertEquals(List.of("p-0", "p-1"), JobIds.spread("p", 2, 1));
        assertThrows(IllegalArgumentException.class, () -> JobIds.spread("p", 2, 0));
    }
}
