package dev.udpm.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.udpm.schemas.Topics;
import dev.udpm.webhooks.config.WebhooksConfig;
import dev.udpm.webhooks.delivery.WebhookSigner;
import io.smallrye.config.WithDefault;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/kubernetes-webhooks} agrees with the service: topic names, the consumer group, the ACLs, the port,
 * the signing-secret variable and Secret, the egress exceptions, the kustomization's file list. Read as text (the
 * manifests are plain, one resource per file).
 */
class DeployManifestsTest {

    private static final Path DIR = Path.of("../deploy/kubernetes-webhooks");

    private static String read(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            Path file = files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow(
                    () -> new AssertionError("no " + prefix + "* in " + DIR));
            return Files.readString(file);
        }
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void theTopicsAreTheServicesInOrderAndSubscriptionsAreCompacted() throws IOException {
        Pattern topicName = Pattern.compile("(?m)^\\s+topicName: (\\S+)$");
        assertEquals(Topics.WEBHOOKS, List.of(all(topicName, read("100-")).get(0), all(topicName, read("101-")).get(0),
                all(topicName, read("106-")).get(0)));
        assertTrue(read("100-").contains("cleanup.policy: compact"), "subscriptions must be compacted");
        assertTrue(read("101-").contains("cleanup.policy: delete"));
        assertTrue(read("106-").contains("cleanup.policy: delete"));
    }

    @Test
    void theKafkaUserGrantsExactlyWhatTheServiceUses() throws Exception {
        String user = read("102-");
        List<String> names = all(Pattern.compile("(?m)^\\s+name: (\\S+)$"), user);
        String group = WebhooksConfig.class.getMethod("groupId").getAnnotation(WithDefault.class).value();
        assertEquals(List.of("udpm-webhooks", Topics.JOB_EVENTS, Topics.WEBHOOK_SUBSCRIPTIONS, Topics.WEBHOOKS_DEAD,
                Topics.WEBHOOKS_RETRY, group), names, "metadata.name, then each ACL's resource");
        assertEquals(List.of("[Read]", "[Read, Write]", "[Write]", "[Read]", "[Read]"),
                all(Pattern.compile("(?m)^\\s+operations: (\\[.*])$"), user));
        assertTrue(read("105-").contains("name: udpm-webhooks\n                  key: sasl.jaas.config"),
                "the Deployment logs in as its own KafkaUser");
    }

    @Test
    void theDeploymentSetsTheSigningSecretFromTheSecretAndListensOnTheServicesPort() throws IOException {
        String deployment = read("105-");
        Properties props = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            props.load(in);
        }
        assertTrue(deployment.contains("containerPort: " + props.getProperty("quarkus.http.port")));
        assertTrue(deployment.contains("prometheus.io/port: \"" + props.getProperty("quarkus.http.port") + "\""));
        assertTrue(deployment.contains("- name: UDPM_WEBHOOKS_SIGNING_SECRET\n              valueFrom:\n"
                + "                secretKeyRef:\n                  name: udpm-webhooks-signing\n"
                + "                  key: signing-secret"), "udpm.webhooks.signing-secret from the Secret");
        String secret = read("103-");
        assertTrue(secret.contains("name: udpm-webhooks-signing") && secret.contains("signing-secret: "));
        String placeholder = all(Pattern.compile("(?m)^\\s+signing-secret: (\\S+)$"), secret).get(0);
        assertThrows(IllegalArgumentException.class, () -> WebhookSigner.of(placeholder, "signing-secret"),
                "the shipped placeholder must be refused at start");
    }

    @Test
    void egressSkipsThePrivateAndMetadataRanges() throws IOException {
        String policy = read("104-");
        for (String range : List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16",
                "100.64.0.0/10", "127.0.0.0/8", "fc00::/7", "fe80::/10")) {
            assertTrue(policy.contains("\"" + range + "\""), "egress must except " + range);
        }
        assertTrue(policy.contains("policyTypes: [\"Ingress\", \"Egress\"]"));
    }

    @Test
    void theKustomizationListsEveryManifestInOrder() throws IOException {
        List<String> files;
        try (Stream<Path> listing = Files.list(DIR)) {
            files = listing.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).sorted().toList();
        }
        assertEquals(files, all(Pattern.compile("(?m)^  - (\\S+\\.yaml)$"), read("kustomization")));
        String readme = read("README");
        files.forEach(f -> assertTrue(readme.contains("`" + f + "`"), "README lists " + f));
    }
}
