package dev.udpm.trainer.training;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.udpm.core.net.UNetConfig;
import dev.udpm.core.train.TrainingConfig;
import dev.udpm.schemas.Json;

/**
 * The JSON form of a {@link TrainingRunConfig} (checkpoint {@code state.json}, the manifest's
 * {@code trainingConfig}, the command's start line), written and read by the project's mapper ({@link Json}) from the
 * records themselves: the names are the record components, nothing is listed by hand.
 *
 * <p>The form is the one checkpoints have always had: the network carries {@code "architecture": "udpm-unet"}
 * first, and a configuration written before {@code levelDraw} existed reads as drawing every level. Reading is
 * strict: a missing or {@code null} field, an unknown field or a wrong type is an {@link IllegalArgumentException}
 * naming the field's path (e.g. {@code config/training/emaDecay}), and the records' own checks apply.
 */
public final class RunConfigJson {

    /** The network's type tag, as every checkpoint since the first has written it. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "architecture")
    @JsonTypeName("udpm-unet")
    private abstract static class UNetConfigFormat {
    }

    private static final ObjectMapper MAPPER = Json.newMapper()
            .addMixIn(UNetConfig.class, UNetConfigFormat.class)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RunConfigJson() {
    }

    /** The configuration as a JSON tree. */
    public static ObjectNode toTree(TrainingRunConfig config) {
        return MAPPER.valueToTree(config);
    }

    /** The configuration as a map of JSON values (the model manifest's {@code trainingConfig}). */
    public static Map<String, Object> toMap(TrainingRunConfig config) {
        return MAPPER.convertValue(config, new TypeReference<Map<String, Object>>() { });
    }

    /** The configuration as compact JSON text. */
    public static String toJson(TrainingRunConfig config) {
        return toTree(config).toString();
    }

    /**
     * Reads a configuration written by {@link #toTree} (or by any earlier trainer).
     *
     * @param where the name of the tree in messages, e.g. {@code config}
     * @throws IllegalArgumentException naming the missing, unknown or mistyped field, or the rule a value breaks
     */
    public static TrainingRunConfig fromTree(JsonNode tree, String where) {
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalArgumentException(where + " must be a JSON object, got " + tree);
        }
        ObjectNode copy = object.deepCopy();
        if (!copy.has("levelDraw")) {
            copy.putArray("levelDraw"); // written before the option existed: every level
        }
        if (copy.get("training") instanceof ObjectNode training && !training.has("diversityWeights")) {
            // written before the diversity term existed: off, with the default cap
            ArrayNode off = training.putArray("diversityWeights");
            training.withArray("r1Gammas").forEach(level -> off.add(0.0));
            training.put("diversityCap", TrainingConfig.DEFAULT_DIVERSITY_CAP);
        }
        try {
            return MAPPER.treeToValue(copy, TrainingRunConfig.class);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException rule) {
                throw new IllegalArgumentException(where + ": " + rule.getMessage(), rule);
            }
            throw new IllegalArgumentException(where + path(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + " is not a run configuration: " + e.getOriginalMessage(), e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            s.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
        }
        return s.toString();
    }
}
