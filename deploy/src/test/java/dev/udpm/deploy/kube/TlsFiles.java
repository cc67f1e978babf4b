package dev.udpm.deploy.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Checks that a file a container reads comes from a given key of a Secret mounted read-only. */
final class TlsFiles {

    private TlsFiles() {
    }

    /**
     * Asserts that {@code file} is item {@code key} of Secret {@code secret}, mounted read-only in {@code container},
     * and that the volume projects nothing but that key (a private key never rides along with a CA).
     */
    static void assertMountedSecretItem(Manifest workload, Node container, String file, String secret, String key) {
        Path path = Path.of(file);
        Node mount = container.at("volumeMounts").items().stream()
                .filter(m -> path.startsWith(m.at("mountPath").text()))
                .max(java.util.Comparator.comparingInt(m -> m.at("mountPath").text().length())).orElseThrow(() -> new AssertionError(container.where() + ": nothing mounted at " + file));
        assertEquals("true", mount.at("readOnly").optionalText().orElse("false"), mount.where() + ": read-only");
        Node volume = Workloads.podSpec(workload).at("volumes").named(mount.at("name").text()).orElseThrow();
        assertEquals(secret, volume.at("secret", "secretName").text(), volume.where() + ": " + file + " comes from");
        String relative = Path.of(mount.at("mountPath").text()).relativize(path).toString();
        Map<String, String> items = new java.util.LinkedHashMap<>();
        volume.at("secret", "items").items().forEach(i -> items.put(i.at("key").text(), i.at("path").text()));
        assertEquals(Map.of(key, relative), items, volume.where() + ": project exactly " + key + " as " + relative);
    }

    /** The literal value of env var {@code name} of a container, if set literally. */
    static Optional<String> literalEnv(Node container, String name) {
        return Workloads.env(container, name).flatMap(e -> e.at("value").optionalText());
    }
}
