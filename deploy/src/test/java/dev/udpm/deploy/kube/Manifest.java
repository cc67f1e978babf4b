package dev.udpm.deploy.kube;

import java.nio.file.Path;
import java.util.Map;

/**
 * One Kubernetes resource read from a file of {@code deploy/kubernetes/}.
 *
 * @param file the file it came from
 * @param root the parsed document
 */
public record Manifest(Path file, Node root) {

    /** Wraps a parsed document, naming it by file, kind and name in every message. */
    public static Manifest of(Path file, Map<String, Object> document) {
        Object kind = document.get("kind");
        Object metadata = document.get("metadata");
        Object name = metadata instanceof Map<?, ?> m ? m.get("name") : null;
        return new Manifest(file, Node.root(document, file.getFileName() + " " + kind + "/" + name));
    }

    /** {@code apiVersion}. */
    public String apiVersion() {
        return root.at("apiVersion").text();
    }

    /** {@code kind}. */
    public String kind() {
        return root.at("kind").text();
    }

    /** {@code metadata.name}. */
    public String name() {
        return root.at("metadata", "name").text();
    }

    /** {@code metadata.namespace}, or null for cluster-scoped resources written without one. */
    public String namespace() {
        return root.at("metadata", "namespace").optionalText().orElse(null);
    }

    /** {@code metadata.labels}. */
    public Map<String, String> labels() {
        return root.at("metadata", "labels").textMap();
    }

    /** The node at {@code path} from the document root. */
    public Node at(String... path) {
        return root.at(path);
    }

    /** Kind and name, for messages. */
    public String id() {
        return kind() + "/" + name();
    }
}
