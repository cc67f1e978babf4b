package dev.udpm.embedded;

/**
 * A topic to create on an {@link EmbeddedKafka} broker.
 *
 * @param name       the topic name, e.g. {@code udpm.jobs}
 * @param partitions the number of partitions, at least 1
 * @param compacted  {@code true} for {@code cleanup.policy=compact} (the latest value per key survives),
 *                   {@code false} for the default {@code delete} policy
 */
public record TopicSpec(String name, int partitions, boolean compacted) {

    public TopicSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name must be non-blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic '" + name + "': partitions must be >= 1, got " + partitions);
        }
    }

    /** A topic with the {@code delete} cleanup policy. */
    public static TopicSpec of(String name, int partitions) {
        return new TopicSpec(name, partitions, false);
    }

    /** A topic with {@code cleanup.policy=compact}. */
    public static TopicSpec compacted(String name, int partitions) {
        return new TopicSpec(name, partitions, true);
    }
}
