package dev.udpm.worker.intake;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Tracks the {@code udpm.jobs} partitions this worker's intake holds, tells the intake which ones a rebalance took
 * away ({@link #whenTakenAway}: it hands their running jobs over) ({@link #owns}: the owner of a bulk job's
 * partition answers its cancel, {@link CancelWatch}), and logs and counts partition movements of the {@code jobs}
 * channel ({@code udpm_intake_partitions_total} with {@code change = assigned | revoked | lost}), so a rebalance
 * caused by a slow consumer would show. Named {@value #NAME} in
 * {@code mp.messaging.incoming.jobs.consumer-rebalance-listener.name}.
 */
@ApplicationScoped
@Identifier(JobsRebalanceListener.NAME)
public class JobsRebalanceListener implements KafkaConsumerRebalanceListener {

    /** The listener's identifier. */
    public static final String NAME = "udpm-jobs-rebalance";

    private static final Logger LOG = Logger.getLogger(JobsRebalanceListener.class);

    @Inject
    MeterRegistry meters;

    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private volatile Consumer<Set<Integer>> takenAway = partitions -> {
    };
    private volatile boolean assignmentKnown;

    /**
     * Called after every rebalance this member takes part in, with the partitions newly given to it (cooperative
     * rebalancing: possibly none), so once it ran the worker knows what it holds.
     */
    @Override
    public void onPartitionsAssigned(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(p -> owned.add(p.partition()));
        assignmentKnown = true;
        record("assigned", partitions);
    }

    @Override
    public void onPartitionsRevoked(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(p -> owned.remove(p.partition()));
        record("revoked", partitions);
        tellTakenAway(partitions);
    }

    @Override
    public void onPartitionsLost(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(p -> owned.remove(p.partition()));
        assignmentKnown = false;
        record("lost", partitions);
        tellTakenAway(partitions);
    }

    /**
     * Calls {@code listener} with the partitions of every later revocation or loss, on the consumer's thread (it must
     * not block): the job intake hands their running jobs over ({@link JobIntake}). One listener: a later call
     * replaces it.
     */
    public void whenTakenAway(Consumer<Set<Integer>> listener) {
        takenAway = listener;
    }

    private void tellTakenAway(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Set<Integer> numbers = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        try {
            takenAway.accept(numbers);
        } catch (RuntimeException failure) {
            LOG.errorf(failure, "Job intake: handling the partitions taken away %s failed", numbers);
        }
    }

    /** Whether this worker's job intake currently holds partition {@code partition} of {@code udpm.jobs}. */
    public boolean owns(int partition) {
        return owned.contains(partition);
    }

    /**
     * Whether the group told this worker which partitions it holds (some, or none) since it joined or last lost
     * them: the job intake's part of readiness ({@code IntakeReadinessCheck}).
     */
    public boolean assignmentKnown() {
        return assignmentKnown;
    }

    /** How many partitions of {@code udpm.jobs} this worker's intake holds. */
    public int ownedCount() {
        return owned.size();
    }

    /** Partitions that went through {@code change} so far (assigned, revoked or lost). */
    public double count(String change) {
        var counter = meters.find("udpm.intake.partitions").tag("change", change).counter();
        return counter == null ? 0 : counter.count();
    }

    private void record(String change, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        LOG.infof("Job intake: partitions %s %s", change, partitions);
        meters.counter("udpm.intake.partitions", "change", change).increment(partitions.size());
    }
}
