package dev.udpm.deploy.kube;

import java.util.ArrayList;
import java.util.List;

/** The resources a resource names (and which must therefore exist before it is applied). */
final class References {

    private References() {
    }

    /** {kind, name} pairs that {@code m} refers to. */
    static List<String[]> of(Manifest m) {
        return of(m, dev.udpm.deploy.Fleet.manifests());
    }

    /** {kind, name} pairs that {@code m} refers to; Secrets Strimzi creates count as their Kafka or KafkaUser. */
    static List<String[]> of(Manifest m, Manifests manifests) {
        List<String[]> refs = new ArrayList<>();
        if (m.namespace() != null) {
            refs.add(new String[] {"Namespace", m.namespace()});
        }
        String cluster = m.labels().get("strimzi.io/cluster");
        // Node pools come before their cluster (as in Strimzi's examples): the cluster refers to its pools.
        if (cluster != null && !m.kind().equals("KafkaNodePool")) {
            refs.add(new String[] {"Kafka", cluster});
        }
        if (Workloads.KINDS.contains(m.kind())) {
            Node pod = Workloads.podSpec(m);
            for (Node container : Workloads.containers(m)) {
                for (Node env : container.at("env").items()) {
                    Node configMap = env.at("valueFrom", "configMapKeyRef");
                    if (configMap.exists()) {
                        refs.add(new String[] {"ConfigMap", configMap.at("name").text()});
                    }
                    Node secret = env.at("valueFrom", "secretKeyRef");
                    if (secret.exists()) {
                        refs.add(OperatorSecrets.reference(manifests, secret.at("name").text()));
                    }
                }
            }
            for (Node volume : pod.at("volumes").items()) {
                if (volume.at("configMap").exists()) {
                    refs.add(new String[] {"ConfigMap", volume.at("configMap", "name").text()});
                }
                if (volume.at("secret").exists()) {
                    refs.add(OperatorSecrets.reference(manifests, volume.at("secret", "secretName").text()));
                }
                if (volume.at("persistentVolumeClaim").exists()) {
                    refs.add(new String[] {"PersistentVolumeClaim", volume.at("persistentVolumeClaim", "claimName").text()});
                }
            }
            if (m.kind().equals("StatefulSet")) {
                refs.add(new String[] {"Service", m.at("spec", "serviceName").text()});
            }
        }
        if (m.kind().equals("ScaledObject")) {
            refs.add(new String[] {m.at("spec", "scaleTargetRef", "kind").text(),
                m.at("spec", "scaleTargetRef", "name").text()});
            for (Node trigger : m.at("spec", "triggers").items()) {
                trigger.at("authenticationRef", "name").optionalText()
                        .ifPresent(name -> refs.add(new String[] {"TriggerAuthentication", name}));
            }
        }
        if (m.kind().equals("TriggerAuthentication")) {
            for (Node ref : m.at("spec", "secretTargetRef").items()) {
                refs.add(OperatorSecrets.reference(manifests, ref.at("name").text()));
            }
        }
        return refs;
    }
}
