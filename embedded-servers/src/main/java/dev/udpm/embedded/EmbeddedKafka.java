package dev.udpm.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real Kafka broker (the same 4.1.x code as production) running in this JVM in KRaft mode: one node that
 * is both broker and controller, on free loopback ports, with its data in a temporary directory that
 * {@link #close()} deletes.
 *
 * <p>Start-up formats the storage the way {@code kafka-storage.sh format} does ({@link Formatter}), then
 * starts {@link KafkaRaftServer}; it takes 2.5-5 s on 2 cores and is logged. Internal topics use
 * replication factor 1 and consumer groups rebalance without the initial delay, so tests stay fast.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *     kafka.createTopics(TopicSpec.of("udpm.jobs", 4), TopicSpec.compacted("udpm.models", 1));
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = System.getLogger(EmbeddedKafka.class.getName());
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    /** The file {@code kafka-storage format} writes into a log directory (cluster id, node id). */
    static final String META_PROPERTIES = "meta.properties";

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final String bootstrapServers;
    private final long startupMillis;
    private final boolean deleteOnClose;
    /** The SASL_SSL listener and its address, or null if the broker has only the plain listener. */
    private final SaslSslListener saslSsl;
    private final String saslSslBootstrapServers;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, String bootstrapServers, long startupMillis,
                          boolean deleteOnClose) {
        this(server, dataDir, bootstrapServers, startupMillis, deleteOnClose, null, null);
    }

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, String bootstrapServers, long startupMillis,
                          boolean deleteOnClose, SaslSslListener saslSsl, String saslSslBootstrapServers) {
        this.server = server;
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
        this.startupMillis = startupMillis;
        this.deleteOnClose = deleteOnClose;
        this.saslSsl = saslSsl;
        this.saslSslBootstrapServers = saslSslBootstrapServers;
    }

    /**
     * Formats a fresh temporary log directory and starts a single-node KRaft broker on free ports.
     *
     * @throws IllegalStateException if formatting or start-up fails (the temporary directory is removed)
     */
    public static EmbeddedKafka start() {
        return start(null);
    }

    /**
     * Like {@link #start()}, with a second client listener secured by {@code listener}: {@code SASL_SSL} with
     * SCRAM-SHA-512 on its own free port ({@link #saslSslBootstrapServers()}), optionally with ACLs enforced. The
     * plain listener ({@link #bootstrapServers()}) stays for the harness. Add users with {@link #addScramUser}.
     */
    public static EmbeddedKafka startWithSaslSsl(SaslSslListener listener) {
        return start(java.util.Objects.requireNonNull(listener, "listener"));
    }

    private static EmbeddedKafka start(SaslSslListener saslSsl) {
        long t0 = System.nanoTime();
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("udpm-kafka-");
        } catch (IOException e) {
            throw new IllegalStateException("embedded Kafka: cannot create a temporary log directory", e);
        }
        int[] ports = FreePort.next(3);
        int brokerPort = ports[0];
        int controllerPort = ports[1];
        int saslSslPort = saslSsl == null ? 0 : ports[2];
        String clusterId = Uuid.randomUuid().toString();
        KafkaRaftServer server = null;
        try {
            Map<String, Object> props = brokerProperties(dataDir, brokerPort, controllerPort);
            if (saslSsl != null) {
                addSaslSslListener(props, saslSsl, saslSslPort);
            }
            KafkaConfig config = new KafkaConfig(props, false);
            format(dataDir, clusterId);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
        } catch (Exception e) {
            if (server != null) {
                shutdownQuietly(server);
            }
            deleteRecursively(dataDir);
            throw new IllegalStateException("embedded Kafka: start-up failed (broker port " + brokerPort
                    + ", controller port " + controllerPort + ", log dir " + dataDir + "): " + e.getMessage(), e);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        String bootstrap = "127.0.0.1:" + brokerPort;
        String secure = saslSsl == null ? null : "127.0.0.1:" + saslSslPort;
        LOG.log(Level.INFO, "Embedded Kafka (KRaft, cluster {0}) started on {1}{2} in {3} ms, log dir {4}",
                new Object[] {clusterId, bootstrap, secure == null ? "" : " and SASL_SSL " + secure
                        + (saslSsl.enforceAcls() ? " (ACLs enforced)" : ""), millis, dataDir});
        return new EmbeddedKafka(server, dataDir, bootstrap, millis, true, saslSsl, secure);
    }

    /**
     * Starts a single-node KRaft broker whose data lives in {@code dataDir} and SURVIVES {@link #close()}: the
     * local fleet's broker. The directory is formatted (new cluster id) only when it holds no
     * {@value #META_PROPERTIES} yet; otherwise the broker reopens the existing metadata and partition logs, so
     * topics, records and committed offsets of an earlier run are there again.
     *
     * @param dataDir        log and metadata directory, created if missing
     * @param brokerPort     port of the client listener on 127.0.0.1 ({@code 0} picks a free one)
     * @param controllerPort port of the KRaft controller listener on 127.0.0.1 ({@code 0} picks a free one)
     * @throws IllegalStateException naming the ports and directory if formatting or start-up fails (nothing
     *                               is deleted)
     */
    public static EmbeddedKafka startPersistent(Path dataDir, int brokerPort, int controllerPort) {
        long t0 = System.nanoTime();
        Path dir = dataDir.toAbsolutePath();
        int[] free = FreePort.next(2);
        int port = brokerPort == 0 ? free[0] : brokerPort;
        int controller = controllerPort == 0 ? free[1] : controllerPort;
        KafkaRaftServer server = null;
        boolean formatted = false;
        try {
            Files.createDirectories(dir);
            KafkaConfig config = new KafkaConfig(brokerProperties(dir, port, controller), false);
            if (!Files.exists(dir.resolve(META_PROPERTIES))) {
                format(dir, Uuid.randomUuid().toString());
                formatted = true;
            }
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
        } catch (Exception e) {
            if (server != null) {
                shutdownQuietly(server);
            }
            throw new IllegalStateException("embedded Kafka: start-up failed (broker port " + port
                    + ", controller port " + controller + ", data dir " + dir + "): " + e.getMessage()
                    + "; is another broker using these ports or this directory?", e);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        String bootstrap = "127.0.0.1:" + port;
        LOG.log(Level.INFO, "Embedded Kafka (KRaft, {0} data dir {1}) started on {2} in {3} ms",
                new Object[] {formatted ? "new" : "existing", dir, bootstrap, millis});
        return new EmbeddedKafka(server, dir, bootstrap, millis, false);
    }

    /** The {@code bootstrap.servers} value for clients, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * The {@code bootstrap.servers} of the SASL_SSL listener, {@code 127.0.0.1:<port>}.
     *
     * @throws IllegalStateException if the broker was not started with {@link #startWithSaslSsl}
     */
    public String saslSslBootstrapServers() {
        requireSaslSsl();
        return saslSslBootstrapServers;
    }

    /**
     * Client properties for {@code user} on the SASL_SSL listener (see {@link SaslSslListener#clientProperties}).
     *
     * @throws IllegalStateException if the broker was not started with {@link #startWithSaslSsl}
     */
    public Map<String, Object> saslSslClientProperties(String user, String password) {
        requireSaslSsl();
        return saslSsl.clientProperties(saslSslBootstrapServers, user, password);
    }

    /**
     * Creates (or replaces) a SCRAM-SHA-512 user, through the plain listener, and waits until the SASL_SSL
     * listener accepts it (a cluster description with its credentials succeeds).
     *
     * @throws IllegalStateException if the user is not accepted within 30 s
     */
    public void addScramUser(String user, String password) {
        requireSaslSsl();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.alterUserScramCredentials(List.of(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(
                    user, new org.apache.kafka.clients.admin.ScramCredentialInfo(
                            org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_512, 4096), password)))
                    .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("embedded Kafka: interrupted while adding SCRAM user " + user, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("embedded Kafka: could not add SCRAM user " + user + ": " + e, e);
        }
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        Map<String, Object> client = new HashMap<>(saslSslClientProperties(user, password));
        client.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        client.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        while (true) {
            try (Admin admin = Admin.create(client)) {
                admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("embedded Kafka: interrupted while waiting for user " + user, e);
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("embedded Kafka: SCRAM user " + user + " not accepted on "
                            + saslSslBootstrapServers + " within " + ADMIN_TIMEOUT + ": " + e, e);
                }
            }
        }
    }

    private void requireSaslSsl() {
        if (saslSsl == null) {
            throw new IllegalStateException("embedded Kafka on " + bootstrapServers
                    + " has no SASL_SSL listener: start it with EmbeddedKafka.startWithSaslSsl");
        }
    }

    private static void addSaslSslListener(Map<String, Object> props, SaslSslListener listener, int port) {
        String address = SaslSslListener.NAME + "://127.0.0.1:" + port;
        props.put("listeners", props.get("listeners") + "," + address);
        props.put("advertised.listeners", props.get("advertised.listeners") + "," + address);
        props.put("listener.security.protocol.map", props.get("listener.security.protocol.map") + ","
                + SaslSslListener.NAME + ":SASL_SSL");
        props.putAll(listener.brokerProperties());
    }

    /** Wall-clock milliseconds from {@link #start()} being called until the broker accepted clients. */
    public long startupMillis() {
        return startupMillis;
    }

    /**
     * The directory holding the metadata and partition logs (deleted by {@link #close()} unless the broker was
     * started with {@link #startPersistent}).
     */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Creates the given topics (replication factor 1) and waits until the controller has accepted them.
     * A topic that already exists is left as it is, so repeated calls are harmless.
     *
     * @throws IllegalStateException naming the topics if creation fails or takes longer than 30 s
     */
    public void createTopics(TopicSpec... topics) {
        createTopics(Arrays.asList(topics));
    }

    /** @see #createTopics(TopicSpec...) */
    public void createTopics(Collection<TopicSpec> topics) {
        List<NewTopic> newTopics = topics.stream().map(EmbeddedKafka::newTopic).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var futures = admin.createTopics(newTopics).values();
            for (var entry : futures.entrySet()) {
                try {
                    entry.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("embedded Kafka: could not create topic '"
                                + entry.getKey() + "': " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("embedded Kafka: interrupted while creating topics " + newTopics, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("embedded Kafka: topics " + newTopics + " not created within "
                    + ADMIN_TIMEOUT, e);
        }
    }

    /**
     * Shuts the broker down and waits for it (its ports are free when this returns); deletes the log directory
     * unless the broker was started with {@link #startPersistent}. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        shutdownQuietly(server);
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
        LOG.log(Level.INFO, "Embedded Kafka on {0} stopped in {1} ms",
                new Object[] {bootstrapServers, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)});
    }

    private static NewTopic newTopic(TopicSpec spec) {
        NewTopic topic = new NewTopic(spec.name(), spec.partitions(), (short) 1);
        if (spec.compacted()) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return topic;
    }

    private static Map<String, Object> brokerProperties(Path dataDir, int brokerPort, int controllerPort) {
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort + ","
                + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("log.dirs", dataDir.toString());
        props.put("metadata.log.dir", dataDir.toString());
        // One node: every internal topic must live with replication factor 1.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // Tests: no 3 s wait before the first rebalance, small cleaner buffer (default 128 MiB).
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        props.put("num.partitions", "1");
        return props;
    }

    private static void format(Path dataDir, String clusterId) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(clusterId)
                .setDirectories(List.of(dataDir.toString()))
                .setMetadataLogDirectory(dataDir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .run();
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Embedded Kafka: error during shutdown", e);
        }
    }

    static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "could not delete {0}: {1}", new Object[] {p, e.getMessage()});
                }
            });
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete {0}: {1}", new Object[] {root, e.getMessage()});
        }
    }
}
