package dev.udpm.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.udpm.bench.WorkerProcess;
import dev.udpm.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The fleet under test, every part a process of its own: the KRaft broker and S3Proxy ({@link ServerProcess}, fixed
 * ports, data under the work folder, so either can be paused or restarted alone on the same data) and the worker
 * jars ({@link WorkerProcess}, each with a fixed instance id, so a restarted worker is the same static member).
 */
final class Cluster implements AutoCloseable {

    static final String BUCKET = "udpm";
    static final String GROUP = "udpm-workers";
    private static final String ACCESS_KEY = "faults-access";
    private static final String SECRET_KEY = "faults-secret-key-0123";
    private static final Duration SERVER_START = Duration.ofMinutes(4);
    private static final Duration WORKER_START = Duration.ofMinutes(12);

    private final FaultOptions options;
    private final Path work;
    private final ServerProcess kafka;
    private final ServerProcess s3;
    private final String bootstrap;
    private final String s3Endpoint;
    private final Map<String, WorkerProcess> workers = new LinkedHashMap<>();
    private final Map<String, Integer> workerStarts = new HashMap<>();
    private final KafkaProducer<String, String> producer;
    private final StoredImages images;
    private final Thread stopOnExit = new Thread(this::killAll, "fault-suite-stop-children");

    private Cluster(FaultOptions options, Path work, ServerProcess kafka, ServerProcess s3, String bootstrap,
            String s3Endpoint) {
        this.options = options;
        this.work = work;
        this.kafka = kafka;
        this.s3 = s3;
        this.bootstrap = bootstrap;
        this.s3Endpoint = s3Endpoint;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        this.images = new StoredImages(work.resolve("s3").resolve(BUCKET));
        Runtime.getRuntime().addShutdownHook(stopOnExit); // Ctrl-C or SIGTERM of the suite leaves no child behind
    }

    /**
     * SIGKILL of every child still running (the suite's JVM is exiting without {@link #close()}), including a worker
     * still starting (not yet in {@code workers}).
     */
    private void killAll() {
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        synchronized (workers) {
            workers.values().forEach(w -> {
                try {
                    w.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        for (ServerProcess server : List.of(s3, kafka)) {
            try {
                server.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts the broker, the object store and {@code workerIds} workers (in parallel), all ready. */
    static Cluster start(FaultOptions options, Path work, List<String> workerIds) throws Exception {
        int brokerPort = freePort();
        int controllerPort = freePort();
        int s3Port = freePort();
        ServerProcess kafka = ServerProcess.start("broker", List.of("kafka", work.resolve("kafka").toString(),
                Integer.toString(brokerPort), Integer.toString(controllerPort)), work.resolve("broker.log"),
                SERVER_START);
        ServerProcess s3;
        try {
            s3 = ServerProcess.start("object store", List.of("s3", work.resolve("s3").toString(),
                    Integer.toString(s3Port), ACCESS_KEY, SECRET_KEY, BUCKET), work.resolve("s3.log"), SERVER_START);
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        Cluster cluster = new Cluster(options, work, kafka, s3, "127.0.0.1:" + brokerPort,
                "http://127.0.0.1:" + s3Port);
        try {
            cluster.startWorkers(workerIds);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts the workers in parallel and waits until each is ready. */
    void startWorkers(List<String> ids) throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        Map<String, Exception> failures = new java.util.concurrent.ConcurrentHashMap<>();
        for (String id : ids) {
            Thread t = new Thread(() -> {
                try {
                    startWorker(id);
                } catch (Exception e) {
                    failures.put(id, e);
                }
            }, "start-" + id);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.values().iterator().next();
        }
    }

    /** Starts worker {@code id} (again) and waits until it is ready (it holds partitions). */
    void startWorker(String id) throws IOException, InterruptedException {
        synchronized (workers) {
            if (workers.containsKey(id)) {
                throw new IllegalStateException("worker " + id + " already runs");
            }
        }
        int n;
        synchronized (workerStarts) {
            n = workerStarts.merge(id, 1, Integer::sum);
        }
        WorkerProcess w = WorkerProcess.start(options.workerJar(), workerEnv(id), work.resolve(id + "." + n + ".log"),
                WORKER_START);
        synchronized (workers) {
            workers.put(id, w);
        }
    }

    /** kill -9 of worker {@code id}. */
    void killWorker(String id) throws InterruptedException {
        remove(id).kill();
    }

    /** SIGTERM of worker {@code id} (clean stop). */
    void stopWorker(String id) throws InterruptedException {
        remove(id).close();
    }

    private WorkerProcess remove(String id) {
        synchronized (workers) {
            WorkerProcess w = workers.remove(id);
            if (w == null) {
                throw new IllegalStateException("worker " + id + " does not run");
            }
            return w;
        }
    }

    /** Waits until the job intake's group has exactly {@code members} members, each holding partitions. */
    void awaitGroupMembers(int members, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                try {
                    ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all()
                            .get(5, TimeUnit.SECONDS).get(GROUP);
                    if (group.members().size() == members && group.members().stream()
                            .allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not there yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("group " + GROUP + " did not reach " + members
                            + " members within " + timeout);
                }
                Thread.sleep(250);
            }
        }
    }

    /** Writes a job request to {@code udpm.jobs}, keyed by its id, and waits for the broker's ack. */
    /** Partitions of the jobs topic (job ids are spread over them evenly, {@link JobIds}). */
    int jobPartitions() {
        return producer.partitionsFor(Topics.JOBS).size();
    }

    void submit(String jobId, String json) throws Exception {
        producer.send(new ProducerRecord<>(Topics.JOBS, jobId, json)).get(30, TimeUnit.SECONDS);
    }

    ServerProcess broker() {
        return kafka;
    }

    ServerProcess objectStore() {
        return s3;
    }

    String bootstrapServers() {
        return bootstrap;
    }

    int shardSize() {
        return options.shardSize();
    }

    StoredImages images() {
        return images;
    }

    private Map<String, String> workerEnv(String id) {
        Map<String, String> env = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "UDPM_STORAGE_ENDPOINT", s3Endpoint, "UDPM_STORAGE_REGION", "us-east-1",
                "UDPM_STORAGE_ACCESS_KEY", ACCESS_KEY, "UDPM_STORAGE_SECRET_KEY", SECRET_KEY,
                "UDPM_STORAGE_BUCKET", BUCKET, "UDPM_WORKER_MODELS_CACHE_DIR", work.resolve(id + "-models").toString(),
                "UDPM_WORKER_INSTANCE_ID", id,
                "UDPM_WORKER_JOBS_SHARD_SIZE", Integer.toString(options.shardSize())));
        options.bundledModel().ifPresent(dir -> env.put("UDPM_WORKER_MODELS_BUNDLED_DIR", dir.toString()));
        return env;
    }

    @Override
    public void close() throws Exception {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException exiting) {
            // the hook runs already
        }
        List<WorkerProcess> running;
        synchronized (workers) {
            running = List.copyOf(workers.values());
            workers.clear();
        }
        for (WorkerProcess w : running) {
            w.close();
        }
        producer.close(Duration.ofSeconds(5));
        s3.close();
        kafka.close();
        // the logs stay in the work folder; the data (broker logs, objects, model caches) goes
        try (var dirs = Files.list(work)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                try (var paths = Files.walk(dir)) {
                    for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
