package dev.udpm.deploy.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.udpm.deploy.Fleet;
import org.junit.jupiter.api.Test;

/**
 * What every workload needs to run well: selectors that select, probes on named ports, requests and limits,
 * a hardened security context, and references (volumes, env sources) that resolve.
 */
class WorkloadSpecTest {

    private final Manifests manifests = Fleet.manifests();

    @Test
    void everyWorkloadSelectorMatchesItsOwnPodTemplate() {
        for (Manifest w : manifests.all()) {
            if (!Workloads.LONG_RUNNING.contains(w.kind())) {
                continue;
            }
            Map<String, String> selector = w.at("spec", "selector", "matchLabels").textMap();
            assertTrue(Workloads.selects(selector, Workloads.podLabels(w)),
                    w.id() + ": spec.selector.matchLabels " + selector + " must match the pod template labels "
                            + Workloads.podLabels(w));
        }
    }

    @Test
    void everyServiceSelectsExactlyOneWorkloadAndTargetsPortsItDeclares() {
        for (Manifest service : manifests.ofKind("Service")) {
            Map<String, String> selector = service.at("spec", "selector").textMap();
            List<Manifest> selected = longRunning().stream()
                    .filter(w -> Workloads.selects(selector, Workloads.podLabels(w))).toList();
            assertEquals(1, selected.size(), service.id() + ": selector " + selector + " must select exactly one"
                    + " Deployment or StatefulSet, selects " + selected.stream().map(Manifest::id).toList());
            Set<String> portNames = containerPortNames(selected.get(0));
            for (Node port : service.at("spec", "ports").items()) {
                String target = port.at("targetPort").text();
                assertTrue(portNames.contains(target), port.where() + ": targetPort '" + target
                        + "' must be a named container port of " + selected.get(0).id() + " " + portNames);
            }
        }
    }

    @Test
    void everyDisruptionBudgetCoversExactlyOneWorkload() {
        for (Manifest pdb : manifests.ofKind("PodDisruptionBudget")) {
            Map<String, String> selector = pdb.at("spec", "selector", "matchLabels").textMap();
            long selected = longRunning().stream()
                    .filter(w -> Workloads.selects(selector, Workloads.podLabels(w))).count();
            assertEquals(1, selected, pdb.id() + ": selector " + selector + " must select exactly one workload");
        }
    }

    @Test
    void everyServiceMonitorSelectsAServiceAndScrapesANamedPortOfIt() {
        for (Manifest monitor : manifests.ofKind("ServiceMonitor")) {
            Map<String, String> selector = monitor.at("spec", "selector", "matchLabels").textMap();
            List<Manifest> services = manifests.ofKind("Service").stream()
                    .filter(s -> Workloads.selects(selector, s.labels())).toList();
            assertEquals(1, services.size(), monitor.id() + ": selector " + selector + " must select one Service");
            Set<String> servicePorts = new HashSet<>();
            services.get(0).at("spec", "ports").items().forEach(p -> servicePorts.add(p.at("name").text()));
            for (Node endpoint : monitor.at("spec", "endpoints").items()) {
                assertTrue(servicePorts.contains(endpoint.at("port").text()),
                        endpoint.where() + ": port must be a port name of " + services.get(0).id() + " " + servicePorts);
            }
        }
    }

    @Test
    void everyLongRunningContainerHasLivenessAndReadinessProbesOnANamedPortItDeclares() {
        for (Manifest w : longRunning()) {
            // init containers run to completion before the pod starts: Kubernetes rejects probes on them
            for (Node container : Workloads.podSpec(w).at("containers").items()) {
                Set<String> ports = new HashSet<>();
                container.at("ports").items().forEach(p -> ports.add(p.at("name").text()));
                for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                    Node get = container.at(probe, "httpGet");
                    if (probe.equals("startupProbe") && !container.at(probe).exists()) {
                        continue;
                    }
                    assertTrue(get.exists(), container.where() + ": needs an HTTP " + probe);
                    String port = get.at("port").text();
                    assertFalse(port.matches("\\d+"), get.where() + ".port: probe a named port, not " + port);
                    assertTrue(ports.contains(port), get.where() + ".port '" + port + "' is not a port of the container "
                            + ports);
                }
                assertFalse(container.at("livenessProbe", "httpGet", "path").text()
                                .equals(container.at("readinessProbe", "httpGet", "path").text()),
                        container.where() + ": liveness and readiness must probe different endpoints");
            }
        }
    }

    @Test
    void everyContainerRequestsAndLimitsCpuAndMemoryWithRequestsWithinLimits() {
        for (Manifest w : Workloads.of(manifests)) {
            for (Node container : Workloads.containers(w)) {
                Map<String, Node> requests = container.at("resources", "requests").fields();
                Map<String, Node> limits = container.at("resources", "limits").fields();
                for (String resource : List.of("cpu", "memory")) {
                    assertTrue(requests.containsKey(resource), container.where() + ": resources.requests." + resource);
                    assertTrue(limits.containsKey(resource), container.where() + ": resources.limits." + resource);
                }
                requests.forEach((resource, request) -> {
                    Node limit = limits.get(resource);
                    if (limit == null) {
                        return;
                    }
                    BigDecimal requested = Quantity.parse(request.text());
                    BigDecimal limited = Quantity.parse(limit.text());
                    assertTrue(requested.compareTo(limited) <= 0, request.where() + " = " + request.text()
                            + " exceeds the limit " + limit.text());
                    if (resource.contains("/")) {
                        assertEquals(0, requested.compareTo(limited), request.where()
                                + ": an extended resource's request must equal its limit");
                    }
                });
            }
        }
    }

    @Test
    void everyPodRunsAsNonRootWithoutPrivilegesOnAReadOnlyRootWithAWritableTmp() {
        for (Manifest w : Workloads.of(manifests)) {
            Node pod = Workloads.podSpec(w);
            assertEquals("true", pod.at("securityContext", "runAsNonRoot").text(), w.id() + ": runAsNonRoot");
            assertEquals("RuntimeDefault", pod.at("securityContext", "seccompProfile", "type").text(), w.id());
            for (Node container : Workloads.containers(w)) {
                Node security = container.at("securityContext");
                assertEquals("false", security.at("allowPrivilegeEscalation").text(), container.where());
                assertEquals("true", security.at("readOnlyRootFilesystem").text(), container.where());
                assertEquals(List.of("ALL"), security.at("capabilities", "drop").items().stream().map(Node::text).toList(),
                        container.where() + ": drop every capability");
                Node tmp = Workloads.mountAt(container, "/tmp").orElseThrow(() -> new AssertionError(
                        container.where() + ": a read-only root needs a writable volume at /tmp"));
                assertFalse(tmp.at("readOnly").optionalText().orElse("false").equals("true"), tmp.where());
            }
        }
    }

    @Test
    void everyMountNamesAVolumeOfItsPod() {
        for (Manifest w : Workloads.of(manifests)) {
            Set<String> volumes = new HashSet<>();
            Workloads.podSpec(w).at("volumes").items().forEach(v -> volumes.add(v.at("name").text()));
            w.at("spec", "volumeClaimTemplates").items().forEach(v -> volumes.add(v.at("metadata", "name").text()));
            for (Node container : Workloads.containers(w)) {
                for (Node mount : container.at("volumeMounts").items()) {
                    assertTrue(volumes.contains(mount.at("name").text()),
                            mount.where() + ": no volume named " + mount.at("name").text() + " in " + volumes);
                }
            }
        }
    }

    @Test
    void everyEnvReferenceNamesAKeyThatExists() {
        for (Manifest w : Workloads.of(manifests)) {
            for (Node container : Workloads.containers(w)) {
                for (Node env : container.at("env").items()) {
                    Node configMap = env.at("valueFrom", "configMapKeyRef");
                    if (configMap.exists()) {
                        Manifest source = manifests.get("ConfigMap", configMap.at("name").text());
                        assertTrue(source.at("data").fields().containsKey(configMap.at("key").text()),
                                configMap.where() + ": " + source.id() + " has no key " + configMap.at("key").text());
                    }
                    Node secret = env.at("valueFrom", "secretKeyRef");
                    if (secret.exists()) {
                        String name = secret.at("name").text();
                        String key = secret.at("key").text();
                        assertTrue(OperatorSecrets.keysOf(manifests, name).contains(key),
                                secret.where() + ": Secret " + name + " has no key " + key);
                    }
                }
            }
        }
    }

    @Test
    void everySecretVolumeNamesKeysThatExist() {
        for (Manifest w : Workloads.of(manifests)) {
            for (Node volume : Workloads.podSpec(w).at("volumes").items()) {
                if (!volume.at("secret").exists()) {
                    continue;
                }
                String name = volume.at("secret", "secretName").text();
                for (Node item : volume.at("secret", "items").items()) {
                    assertTrue(OperatorSecrets.keysOf(manifests, name).contains(item.at("key").text()),
                            item.where() + ": Secret " + name + " has no key " + item.at("key").text());
                }
            }
        }
    }

    @Test
    void noPodGetsAServiceAccountTokenAndEveryPodRunsAsANonRootUser() {
        for (Manifest w : Workloads.of(manifests)) {
            Node pod = Workloads.podSpec(w);
            assertEquals("false", pod.at("automountServiceAccountToken").optionalText().orElse("unset"),
                    w.id() + ": no pod of the fleet talks to the Kubernetes API, so none may carry a token"
                            + " (spec.template.spec.automountServiceAccountToken: false)");
            int user = pod.at("securityContext", "runAsUser").integer();
            assertTrue(user > 0, w.id() + ": runAsUser must be a non-root uid, got " + user);
            assertTrue(pod.at("securityContext", "runAsGroup").integer() > 0, w.id() + ": runAsGroup");
            for (Node container : Workloads.containers(w)) {
                assertFalse(container.at("securityContext", "runAsUser").optionalText().orElse("1").equals("0"),
                        container.where() + " overrides runAsUser with root");
                assertFalse(container.at("securityContext", "privileged").optionalText().orElse("false")
                        .equals("true"), container.where() + ": privileged");
            }
        }
    }

    @Test
    void scrapeAnnotationsPointAtADeclaredPort() {
        for (Manifest w : longRunning()) {
            Map<String, String> annotations = w.at("spec", "template", "metadata", "annotations").textMap();
            if (!"true".equals(annotations.get("prometheus.io/scrape"))) {
                continue;
            }
            Set<String> ports = new HashSet<>();
            Workloads.containers(w).forEach(c -> c.at("ports").items()
                    .forEach(p -> ports.add(p.at("containerPort").text())));
            assertTrue(ports.contains(annotations.get("prometheus.io/port")),
                    w.id() + ": prometheus.io/port " + annotations.get("prometheus.io/port") + " is not a container port "
                            + ports);
            assertTrue(annotations.containsKey("prometheus.io/path"), w.id() + ": prometheus.io/path");
        }
    }

    private List<Manifest> longRunning() {
        return manifests.all().stream().filter(m -> Workloads.LONG_RUNNING.contains(m.kind())).toList();
    }

    private static Set<String> containerPortNames(Manifest workload) {
        Set<String> names = new HashSet<>();
        Workloads.containers(workload).forEach(c -> c.at("ports").items().forEach(p -> names.add(p.at("name").text())));
        return names;
    }
}
