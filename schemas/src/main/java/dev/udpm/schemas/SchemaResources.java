package dev.udpm.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where the JSON Schema files live: on the classpath under {@value #CLASSPATH_DIR}, with {@code $id}s under
 * {@value #ID_PREFIX} (never fetched: the validator maps the prefix to the classpath).
 */
public final class SchemaResources {

    /** Classpath folder of the schema files (no leading slash). */
    public static final String CLASSPATH_DIR = "udpm/schemas/";
    /** The {@code $id} prefix every schema file declares. */
    public static final String ID_PREFIX = "https://udpm.dev/schemas/";

    private SchemaResources() {
    }

    /** The {@code $id} of the schema file {@code fileName}, e.g. {@code limits.schema.json}. */
    public static String idOf(String fileName) {
        return ID_PREFIX + fileName;
    }

    /**
     * Reads the schema file {@code fileName} as a JSON tree.
     *
     * @throws IllegalStateException if the file is not on the classpath (a broken build)
     */
    public static JsonNode read(String fileName) {
        String path = CLASSPATH_DIR + fileName;
        try (InputStream in = SchemaResources.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + path + " is not on the classpath;"
                        + " is the udpm-schemas jar complete?");
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema resource " + path, e);
        }
    }

    /**
     * Reads the integer at JSON pointer {@code pointer} inside schema file {@code fileName}.
     *
     * @throws IllegalStateException if there is no integer there
     */
    public static long readInteger(String fileName, String pointer) {
        JsonNode node = read(fileName).at(pointer);
        if (!node.isIntegralNumber()) {
            throw new IllegalStateException("schema " + fileName + " has no integer at " + pointer
                    + " (found " + (node.isMissingNode() ? "nothing" : node.toString()) + ")");
        }
        return node.longValue();
    }
}
