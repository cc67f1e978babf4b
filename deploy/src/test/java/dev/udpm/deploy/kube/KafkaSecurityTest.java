package dev.udpm.deploy.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.udpm.deploy.Fleet;
import dev.udpm.deploy.config.ServiceConfig;
import dev.udpm.schemas.Topics;
import org.junit.jupiter.api.Test;

/**
 * Kafka is closed inside the cluster: one listener, TLS with SCRAM-SHA-512, ACLs on; each service logs in as its own
 * KafkaUser over that listener, trusting Strimzi's cluster CA; each user holds exactly the ACLs its service's
 * channels need (derived from application.properties, so a new channel without its ACL fails here), clients and
 * KEDA less still.
 */
class KafkaSecurityTest {

    /** Pod label that Kafka's listener policy (networkPolicyPeers) lets in. */
    static final String KAFKA_CLIENT_LABEL = "udpm.dev/kafka-client";

    private final Manifests manifests = Fleet.manifests();
    private final Manifest kafka = manifests.only("Kafka");

    @Test
    void theOnlyListenerIsTlsWithScramAndAuthorizationIsOn() {
        List<Node> listeners = kafka.at("spec", "kafka", "listeners").items();
        assertEquals(1, listeners.size(), "exactly one client listener, no plain one: " + listeners);
        Node tls = listeners.get(0);
        assertEquals("true", tls.at("tls").text(), tls.where() + ": TLS");
        assertEquals("scram-sha-512", tls.at("authentication", "type").text(), tls.where() + ": authentication");
        assertEquals("simple", kafka.at("spec", "kafka", "authorization", "type").text(), "ACLs enforced");
        assertTrue(kafka.at("spec", "entityOperator", "userOperator").exists(), "the User Operator creates the users");
        assertFalse(kafka.at("spec", "kafka", "authorization", "superUsers").exists(), "no super users");
    }

    @Test
    void onlyLabelledKafkaClientsAndKedaReachTheListener() {
        Node tls = kafka.at("spec", "kafka", "listeners").items().get(0);
        List<Node> peers = tls.at("networkPolicyPeers").items();
        assertFalse(peers.isEmpty(), tls.where() + ": without networkPolicyPeers Strimzi opens the listener to all");
        for (Node peer : peers) {
            Map<String, String> pods = peer.at("podSelector", "matchLabels").textMap();
            Map<String, String> namespaces = peer.at("namespaceSelector", "matchLabels").textMap();
            assertTrue(pods.equals(Map.of(KAFKA_CLIENT_LABEL, "true"))
                            || namespaces.equals(Map.of("kubernetes.io/metadata.name", "keda")),
                    peer.where() + ": only pods labelled " + KAFKA_CLIENT_LABEL + "=true or KEDA's namespace");
        }
        for (Manifest w : Workloads.of(manifests)) {
            boolean client = "true".equals(Workloads.podLabels(w).get(KAFKA_CLIENT_LABEL));
            boolean usesKafka = Workloads.containers(w).stream()
                    .anyMatch(c -> Workloads.env(c, "KAFKA_BOOTSTRAP_SERVERS").isPresent());
            assertEquals(usesKafka, client, w.id() + ": label " + KAFKA_CLIENT_LABEL + " exactly on Kafka clients");
        }
    }

    @Test
    void eachServiceLogsInAsItsOwnUserOverTlsTrustingTheClusterCa() {
        String bootstrapKey = "kafka-bootstrap-servers";
        String port = kafka.at("spec", "kafka", "listeners").items().get(0).at("port").text();
        assertEquals(kafka.name() + "-kafka-bootstrap." + kafka.namespace() + ".svc:" + port,
                manifests.get("ConfigMap", "udpm-fleet").at("data", bootstrapKey).text(), "bootstrap on the tls listener");
        for (Manifest deployment : manifests.ofKind("Deployment")) {
            ServiceConfig service = Fleet.serviceOf(deployment.name());
            assertEquals("PLAINTEXT", service.property("kafka.security.protocol").orElseThrow(),
                    service.module() + ": application.properties declares kafka.security.protocol (local default)");
            assertTrue(service.property("kafka.sasl.jaas.config").isPresent(), service.module()
                    + " must declare kafka.sasl.jaas.config so that KAFKA_SASL_JAAS_CONFIG reaches every Kafka client");
            Node container = Workloads.podSpec(deployment).at("containers").items().get(0);
            assertEquals("SASL_SSL", Workloads.envValue(container, "KAFKA_SECURITY_PROTOCOL"), container.where());
            Node jaas = Workloads.env(container, "KAFKA_SASL_JAAS_CONFIG").orElseThrow(
                    () -> new AssertionError(container.where() + " sets no KAFKA_SASL_JAAS_CONFIG"));
            assertEquals(deployment.name(), jaas.at("valueFrom", "secretKeyRef", "name").text(),
                    jaas.where() + ": the Secret of the service's own KafkaUser");
            assertEquals("sasl.jaas.config", jaas.at("valueFrom", "secretKeyRef", "key").text(), jaas.where());
            assertEquals("scram-sha-512", manifests.get("KafkaUser", deployment.name())
                    .at("spec", "authentication", "type").text());
            String truststore = Workloads.envValue(container, "KAFKA_SSL_TRUSTSTORE_LOCATION");
            assertEquals("PEM", service.property("kafka.ssl.truststore.type").orElseThrow(), service.module()
                    + ": Strimzi's ca.crt is PEM");
            TlsFiles.assertMountedSecretItem(deployment, container, truststore, kafka.name() + "-cluster-ca-cert", "ca.crt");
        }
    }

    @Test
    void kafkaStreamsGetsTheSameSecuritySettings() {
        ServiceConfig worker = Fleet.worker();
        for (String key : List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config", "ssl.truststore.type",
                "ssl.truststore.location")) {
            String raw = worker.rawProperty("kafka-streams." + key).orElseThrow(() -> new AssertionError(
                    "worker application.properties must pass kafka." + key + " on to Kafka Streams (kafka-streams."
                            + key + "), which does not read kafka.*"));
            assertTrue(raw.startsWith("${kafka." + key), "kafka-streams." + key + " = " + raw + " must be ${kafka."
                    + key + "...}");
        }
    }

    @Test
    void everyServiceUserHoldsExactlyTheAclsItsChannelsNeed() {
        for (Manifest deployment : manifests.ofKind("Deployment")) {
            ServiceConfig service = Fleet.serviceOf(deployment.name());
            Manifest user = manifests.get("KafkaUser", deployment.name());
            assertEquals("simple", user.at("spec", "authorization", "type").text(), user.id());
            List<KafkaAcls.Acl> granted = KafkaAcls.granted(user);
            List<KafkaAcls.Acl> needed = KafkaAcls.needed(service);
            assertFalse(needed.isEmpty(), service.module() + " configures no Kafka channel?");
            List<KafkaAcls.Acl> missing = needed.stream().filter(n -> granted.stream().noneMatch(g -> g.allows(n)))
                    .toList();
            assertEquals(List.of(), missing, user.id() + " lacks ACLs that " + service.module() + " needs");
            List<KafkaAcls.Acl> unused = granted.stream().filter(g -> needed.stream().noneMatch(g::allows)).toList();
            assertEquals(List.of(), unused, user.id() + " grants more than " + service.module() + " needs");
            assertLeast(user, granted);
        }
    }

    @Test
    void theAclDerivationSeesTheWorkersChannels() {
        List<String> needed = KafkaAcls.needed(Fleet.worker()).stream()
                .map(a -> a.operation() + " " + a.type() + " " + a.name() + (a.prefix() ? "*" : "")).distinct().sorted()
                .toList();
        for (String expected : List.of("Read topic " + Topics.JOBS, "Write topic " + Topics.JOBS,
                "Read topic " + Topics.MODELS, "Read topic " + Topics.JOB_EVENTS, "Write topic " + Topics.JOB_EVENTS,
                "Write topic " + Topics.MODEL_STATUS, "Write topic " + Topics.JOBS_DLQ, "Read group udpm-workers",
                "Read group udpm-worker-models-*", "Read group udpm-worker-cancels-*",
                "Read group udpm-worker-job-status")) {
            assertTrue(needed.contains(expected), expected + " in " + needed);
        }
        KafkaAcls.Acl prefix = new KafkaAcls.Acl("group", "udpm-worker-", true, "Read", "test");
        assertFalse(prefix.allows(new KafkaAcls.Acl("group", "udpm-workers", false, "Read", "test")),
                "a prefix does not cover a name it does not start");
        assertFalse(new KafkaAcls.Acl("topic", Topics.JOBS, false, "Write", "test")
                .allows(new KafkaAcls.Acl("topic", Topics.JOBS, false, "Read", "test")), "Write is no Read");
    }

    @Test
    void clientsWriteJobsAndReadEventsOnly() {
        Manifest client = manifests.get("KafkaUser", "udpm-client");
        assertEquals("scram-sha-512", client.at("spec", "authentication", "type").text());
        List<KafkaAcls.Acl> granted = KafkaAcls.granted(client);
        List<String> topics = granted.stream().filter(a -> a.type().equals("topic"))
                .map(a -> a.operation() + " " + a.name() + (a.prefix() ? "*" : "")).sorted().toList();
        assertEquals(List.of("Read " + Topics.JOB_EVENTS, "Write " + Topics.JOBS), topics,
                "clients may submit jobs and read job events, nothing else");
        for (KafkaAcls.Acl acl : granted) {
            if (acl.type().equals("group")) {
                assertTrue(acl.prefix() && acl.name().equals("udpm-client-") && acl.operation().equals("Read"), acl
                        + ": clients' groups are udpm-client-*, so they cannot join or reset the workers' groups");
            }
        }
        assertLeast(client, granted);
    }

    @Test
    void kedaLogsInAsAUserThatCanOnlyDescribeTheWorkersGroupAndTopic() {
        Manifest scaledObject = manifests.get("ScaledObject", "udpm-worker");
        Node trigger = scaledObject.at("spec", "triggers").items().get(0);
        Manifest auth = manifests.get("TriggerAuthentication", trigger.at("authenticationRef", "name").text());
        Map<String, Node> params = new java.util.HashMap<>();
        auth.at("spec", "secretTargetRef").items().forEach(p -> params.put(p.at("parameter").text(), p));
        assertEquals(List.of("ca", "password", "sasl", "tls", "username"), params.keySet().stream().sorted().toList());
        String username = secretValue(params.get("username"));
        assertEquals("scram_sha512", secretValue(params.get("sasl")));
        assertEquals("enable", secretValue(params.get("tls")));
        assertEquals(username, params.get("password").at("name").text(), "password from the user's Strimzi Secret");
        assertEquals("password", params.get("password").at("key").text());
        assertEquals(kafka.name() + "-cluster-ca-cert", params.get("ca").at("name").text());
        assertEquals("ca.crt", params.get("ca").at("key").text());
        List<String> acls = KafkaAcls.granted(manifests.get("KafkaUser", username)).stream()
                .map(a -> a.operation() + " " + a.type() + " " + a.name() + (a.prefix() ? "*" : "")).sorted().toList();
        assertEquals(List.of("Describe group " + trigger.at("metadata", "consumerGroup").text(),
                "Describe topic " + trigger.at("metadata", "topic").text()), acls, "KEDA only reads lag");
    }

    private String secretValue(Node ref) {
        Manifest secret = manifests.get("Secret", ref.at("name").text());
        return secret.at("stringData", ref.at("key").text()).text();
    }

    /** Data operations on named topics and groups only: no cluster rights, no wildcard, no Create/Delete/Alter. */
    private static void assertLeast(Manifest user, List<KafkaAcls.Acl> granted) {
        List<String> excessive = new ArrayList<>();
        for (KafkaAcls.Acl acl : granted) {
            boolean ok = KafkaAcls.isDataOperation(acl.operation()) && List.of("topic", "group").contains(acl.type())
                    && !acl.name().isEmpty() && !acl.name().equals("*") && !(acl.type().equals("topic") && acl.prefix());
            if (!ok) {
                excessive.add(acl.toString());
            }
        }
        assertEquals(List.of(), excessive, user.id() + ": only Read/Write/Describe on named topics and groups");
    }
}
