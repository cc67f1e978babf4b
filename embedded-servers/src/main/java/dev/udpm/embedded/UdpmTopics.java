package dev.udpm.embedded;

import java.util.List;

import dev.udpm.schemas.Topics;

/**
 * How the test infrastructure lays out the UDPM topics ({@link Topics#ALL} and {@link Topics#WEBHOOKS},
 * docs/architecture.md#topics):
 * {@link Topics#JOBS} and {@link Topics#JOB_EVENTS} with {@value #KEYED_BY_JOB_PARTITIONS} partitions so
 * several consumers share the work, {@link Topics#MODELS} compacted so the latest announcement per model
 * survives and {@link Topics#WEBHOOK_SUBSCRIPTIONS} so the latest subscription per job does, every other topic
 * with one partition.
 */
public final class UdpmTopics {

    /** Partitions of the topics keyed by job id; at least the number of workers a test runs. */
    public static final int KEYED_BY_JOB_PARTITIONS = 4;

    private UdpmTopics() {
    }

    /** One {@link TopicSpec} per name in {@link Topics#ALL} and then {@link Topics#WEBHOOKS}, in that order. */
    public static List<TopicSpec> specs() {
        return java.util.stream.Stream.concat(Topics.ALL.stream(), Topics.WEBHOOKS.stream()).map(UdpmTopics::spec)
                .toList();
    }

    /** The layout of one topic: see the class comment. */
    public static TopicSpec spec(String name) {
        if (name.equals(Topics.MODELS) || name.equals(Topics.WEBHOOK_SUBSCRIPTIONS)) {
            return TopicSpec.compacted(name, 1);
        }
        if (name.equals(Topics.JOBS) || name.equals(Topics.JOB_EVENTS)) {
            return TopicSpec.of(name, KEYED_BY_JOB_PARTITIONS);
        }
        return TopicSpec.of(name, 1);
    }
}
