package dev.udpm.deploy.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A position in a parsed YAML document that knows where it is ({@code file kind/name .spec.template...}), so
 * that a missing or mistyped field fails with a message naming the file and the path.
 */
public final class Node {

    private final Object value;
    private final String where;

    private Node(Object value, String where) {
        this.value = value;
        this.where = where;
    }

    /** The root of a document; {@code where} names the document in messages. */
    public static Node root(Object value, String where) {
        return new Node(value, where);
    }

    /** The node at {@code path} below this one (possibly missing: see {@link #exists()}). */
    public Node at(String... path) {
        Object current = value;
        StringBuilder location = new StringBuilder(where);
        for (String key : path) {
            location.append('.').append(key);
            current = current instanceof Map<?, ?> map ? map.get(key) : null;
        }
        return new Node(current, location.toString());
    }

    /** Whether a value (not YAML null) is here. */
    public boolean exists() {
        return value != null;
    }

    /** This node's location, for messages. */
    public String where() {
        return where;
    }

    /** The scalar here as text (numbers and booleans as YAML wrote them); fails if missing or not a scalar. */
    public String text() {
        return optionalText().orElseThrow(() -> new AssertionError(where + ": required value is missing"));
    }

    /** The scalar here as text, or empty if missing. */
    public Optional<String> optionalText() {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new AssertionError(where + ": expected a scalar, found " + value);
        }
        return Optional.of(String.valueOf(value));
    }

    /** The integer here; fails if missing or not an integer. */
    public int integer() {
        String text = text();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new AssertionError(where + ": expected an integer, found '" + text + "'");
        }
    }

    /** The elements of the list here; empty if missing. */
    public List<Node> items() {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new AssertionError(where + ": expected a list, found " + value);
        }
        List<Node> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            items.add(new Node(list.get(i), where + "[" + i + "]"));
        }
        return items;
    }

    /** The entries of the mapping here, in document order; empty if missing. */
    public Map<String, Node> fields() {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new AssertionError(where + ": expected a mapping, found " + value);
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        map.forEach((k, v) -> fields.put(String.valueOf(k), new Node(v, where + "." + k)));
        return fields;
    }

    /** The mapping here with scalar values as text (labels, selectors, ConfigMap data); empty if missing. */
    public Map<String, String> textMap() {
        Map<String, String> texts = new LinkedHashMap<>();
        fields().forEach((k, v) -> texts.put(k, v.text()));
        return texts;
    }

    /** The element of the list here whose {@code name} field is {@code name}, if any. */
    public Optional<Node> named(String name) {
        return items().stream().filter(item -> name.equals(item.at("name").optionalText().orElse(null))).findFirst();
    }

    @Override
    public String toString() {
        return where + " = " + value;
    }
}
