package dev.udpm.webhooks.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.udpm.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The consumer of {@code udpm.job-events} and of {@code udpm.webhooks.retry} (replayed dead letters; group
 * {@code udpm.webhooks.group-id}): one poll thread, and per
 * assigned partition at most one delivery task that works through the partition's polled records in order
 * (order per job: a job's events share its partition). The partition is paused while its task runs, so polling
 * (and the group membership) goes on however long a receiver makes it wait. An offset is committed only after
 * its record was delivered, skipped or dead-lettered: a stop or a lost partition leaves the rest to be delivered
 * again (at least once; the webhook id stays the same).
 */
public final class DeliveryLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeliveryLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> kafka;
    private final String groupId;
    private final DeliveryEngine engine;
    private final SubscriptionStore subscriptions;
    private final Duration stopWait;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "webhooks-delivery");
        t.setDaemon(true);
        return t;
    });
    private final Map<TopicPartition, Task> running = new HashMap<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean assigned;

    /** A partition's delivery task: its records, how far it got, and how to stop it. */
    private static final class Task {
        final StopSignal stop = new StopSignal();
        volatile long nextOffset = -1;
        Future<?> future;
    }

    /**
     * @param kafka    client settings (bootstrap servers, security)
     * @param groupId  the consumer group
     * @param stopWait how long a stop waits for an attempt under way (the HTTP request timeout and some)
     */
    public DeliveryLoop(Map<String, Object> kafka, String groupId, DeliveryEngine engine,
            SubscriptionStore subscriptions, Duration stopWait) {
        this.kafka = kafka;
        this.groupId = groupId;
        this.engine = engine;
        this.subscriptions = subscriptions;
        this.stopWait = stopWait;
        this.thread = new Thread(this::run, "webhooks-poll");
    }

    /** Starts polling in a thread of its own. */
    public void start() {
        thread.start();
    }

    /** Whether the poll thread runs. */
    public boolean alive() {
        return thread.isAlive();
    }

    /** Whether the group has assigned this instance its partitions at least once. */
    public boolean assigned() {
        return assigned;
    }

    private void run() {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props)) {
            c.subscribe(List.of(Topics.JOB_EVENTS, Topics.WEBHOOKS_RETRY), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    stopAndCommit(c, partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    // another member owns them already: nothing to commit
                    stopAll(partitions).forEach(running::remove);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    subscriptions.reload();
                    assigned = true;
                }
            });
            while (!closing.get()) {
                ConsumerRecords<String, byte[]> records = c.poll(POLL);
                for (TopicPartition partition : records.partitions()) {
                    dispatch(c, partition, records.records(partition));
                }
                reap(c);
            }
            stopAndCommit(c, new ArrayList<>(running.keySet()));
        } catch (RuntimeException e) {
            LOG.error("webhook delivery loop stopped", e);
        }
    }

    private void dispatch(KafkaConsumer<String, byte[]> c, TopicPartition partition,
            List<ConsumerRecord<String, byte[]>> records) {
        Task task = new Task();
        running.put(partition, task);
        c.pause(List.of(partition));
        task.future = workers.submit(() -> {
            for (ConsumerRecord<String, byte[]> record : records) {
                try {
                    if (!engine.handle(record, task.stop)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    // the broker would not take a subscription or dead letter: leave the record uncommitted
                    LOG.errorf(e, "webhook delivery of %s-%d@%d failed; it is retried from there", record.topic(),
                            record.partition(), record.offset());
                    task.stop.stop();
                    return;
                }
                task.nextOffset = record.offset() + 1;
            }
        });
    }

    /** Commits finished tasks and resumes their partitions; a task that stopped early is sought back. */
    private void reap(KafkaConsumer<String, byte[]> c) {
        for (var it = running.entrySet().iterator(); it.hasNext();) {
            var entry = it.next();
            Task task = entry.getValue();
            if (!task.future.isDone()) {
                continue;
            }
            it.remove();
            TopicPartition partition = entry.getKey();
            commit(c, partition, task);
            if (task.stop.stopped()) {
                // an error stopped it: go back to the first record not done and retry after a pause
                OffsetAndMetadata committed = c.committed(java.util.Set.of(partition)).get(partition);
                c.seek(partition, committed == null ? 0 : committed.offset());
                sleepQuietly();
            }
            c.resume(List.of(partition));
        }
    }

    private void commit(KafkaConsumer<String, byte[]> c, TopicPartition partition, Task task) {
        if (task.nextOffset >= 0) {
            c.commitSync(Map.of(partition, new OffsetAndMetadata(task.nextOffset)));
        }
    }

    private void stopAndCommit(KafkaConsumer<String, byte[]> c, Collection<TopicPartition> partitions) {
        List<TopicPartition> stopped = stopAll(partitions);
        for (TopicPartition partition : stopped) {
            Task task = running.remove(partition);
            try {
                commit(c, partition, task);
            } catch (RuntimeException e) {
                LOG.warnf("could not commit %s on stop (its records are delivered again): %s", partition,
                        e.getMessage());
            }
        }
    }

    /** Stops the tasks of {@code partitions} and waits for them; returns the partitions that had one. */
    private List<TopicPartition> stopAll(Collection<TopicPartition> partitions) {
        List<TopicPartition> had = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Task task = running.get(partition);
            if (task != null) {
                task.stop.stop();
                had.add(partition);
            }
        }
        for (TopicPartition partition : had) {
            Task task = running.get(partition);
            try {
                task.future.get(stopWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                task.future.cancel(true);
                LOG.warnf("delivery task of %s did not stop in time: %s", partition, e);
            }
        }
        return had;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops delivering: tasks stop between attempts, what was done is committed, the consumer leaves the group. */
    @Override
    public void close() {
        closing.set(true); // the poll thread sees it within one poll
        try {
            thread.join(stopWait.toMillis() + 30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }
}
