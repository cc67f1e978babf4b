package dev.udpm.trainer.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a run's generator started when it did not start from random weights ({@code TrainCommand --init-from}): the
 * exported model version it was initialised from. Recorded in every checkpoint's state ({@link TrainingState}) and in
 * the {@code trainingConfig.initFrom} of every model the run exports; a run from scratch has none.
 *
 * @param name the exported model's name
 * @param version its version
 * @param manifestSha256 SHA-256 of its {@code manifest.json}
 */
public record InitFrom(String name, String version, String manifestSha256) {

    public InitFrom {
        Objects.requireNonNull(name, "initFrom: name must not be null");
        Objects.requireNonNull(version, "initFrom: version must not be null");
        Objects.requireNonNull(manifestSha256, "initFrom: manifestSha256 must not be null");
    }

    /** The JSON form: {@code {"name": ..., "version": ..., "manifestSha256": ...}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("version", version);
        map.put("manifestSha256", manifestSha256);
        return map;
    }

    /**
     * Reads {@link #toMap()}'s form.
     *
     * @throws IllegalArgumentException naming the missing or mistyped field
     */
    public static InitFrom fromTree(JsonNode tree, String where) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException(where + " must be an object, got " + tree);
        }
        return new InitFrom(text(tree, "name", where), text(tree, "version", where),
                text(tree, "manifestSha256", where));
    }

    private static String text(JsonNode tree, String field, String where) {
        JsonNode value = tree.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(where + "/" + field + " must be a string, got " + value);
        }
        return value.textValue();
    }

    @Override
    public String toString() {
        return name + "/" + version + " (manifest sha256 " + manifestSha256 + ")";
    }
}
