package dev.udpm.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import dev.udpm.schemas.Topics;
import org.junit.jupiter.api.Test;

class UdpmTopicsTest {

    @Test
    void everyFleetTopicHasItsLayout() {
        assertEquals(List.of(
                        TopicSpec.of("udpm.jobs", 4),
                        TopicSpec.of("udpm.job-events", 4),
                        TopicSpec.of("udpm.jobs.dlq", 1),
                        TopicSpec.compacted("udpm.models", 1),
                        TopicSpec.of("udpm.model-status", 1),
                        TopicSpec.compacted("udpm.webhooks.subscriptions", 1),
                        TopicSpec.of("udpm.webhooks.dead", 1),
                        TopicSpec.of("udpm.webhooks.retry", 1)),
                UdpmTopics.specs());
        assertEquals(java.util.stream.Stream.concat(Topics.ALL.stream(), Topics.WEBHOOKS.stream()).toList(),
                UdpmTopics.specs().stream().map(TopicSpec::name).toList());
    }

    @Test
    void topicSpecRejectsBlankNamesAndFewerThanOnePartition() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> TopicSpec.of("t", 0));
        assertEquals("topic 't': partitions must be >= 1, got 0", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TopicSpec.of(" ", 1));
    }
}
