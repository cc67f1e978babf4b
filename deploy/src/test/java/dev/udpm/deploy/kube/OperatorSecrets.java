package dev.udpm.deploy.kube;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Secrets a workload may use although no file defines them, because Strimzi creates them: the cluster CA certificate
 * {@code <cluster>-cluster-ca-cert} of a Kafka resource, and one Secret per SCRAM-SHA-512 KafkaUser, named like the
 * user. Each with the keys Strimzi documents.
 */
final class OperatorSecrets {

    /** Keys of {@code <cluster>-cluster-ca-cert}. */
    static final Set<String> CLUSTER_CA_KEYS = Set.of("ca.crt", "ca.p12", "ca.password");
    /** Keys of a SCRAM-SHA-512 KafkaUser's Secret. */
    static final Set<String> SCRAM_USER_KEYS = Set.of("password", "sasl.jaas.config");

    private OperatorSecrets() {
    }

    /** The resource that makes Secret {@code name} exist: a Secret file, a Kafka or a KafkaUser; empty if none. */
    static Optional<Manifest> creatorOf(Manifests manifests, String name) {
        Optional<Manifest> file = manifests.find("Secret", name);
        if (file.isPresent()) {
            return file;
        }
        Optional<Manifest> user = manifests.find("KafkaUser", name)
                .filter(u -> "scram-sha-512".equals(u.at("spec", "authentication", "type").optionalText().orElse(null)));
        if (user.isPresent()) {
            return user;
        }
        return manifests.ofKind("Kafka").stream().filter(k -> name.equals(k.name() + "-cluster-ca-cert")).findFirst();
    }

    /** The keys of Secret {@code name}; fails naming it if nothing creates it. */
    static Set<String> keysOf(Manifests manifests, String name) {
        Manifest creator = creatorOf(manifests, name).orElseThrow(() -> new AssertionError(
                "no Secret named '" + name + "' is defined in deploy/kubernetes/ or created by Strimzi"));
        return switch (creator.kind()) {
            case "Secret" -> {
                Set<String> keys = new LinkedHashSet<>(creator.at("stringData").fields().keySet());
                keys.addAll(creator.at("data").fields().keySet());
                yield keys;
            }
            case "KafkaUser" -> SCRAM_USER_KEYS;
            default -> CLUSTER_CA_KEYS;
        };
    }

    /** {kind, name} of what must be applied before a Secret reference to {@code name} can resolve. */
    static String[] reference(Manifests manifests, String name) {
        return creatorOf(manifests, name).map(m -> new String[] {m.kind(), m.name()})
                .orElse(new String[] {"Secret", name});
    }
}
