package dev.udpm.trainer.training;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.udpm.schemas.Json;

/**
 * The small JSON file saved with every checkpoint ({@value Checkpoints#STATE_FILE}) next to the TensorFlow variables:
 * <pre>
 *   {"formatVersion": 1, "step": 1200, "trainingSeconds": 611.2, "config": {...TrainingRunConfig...},
 *    "history": {"entries": [...], "openWindow": {...}, ...}, "initFrom": {...}}
 * </pre>
 * {@code initFrom} is present only in a run started from an exported model ({@link InitFrom}); states written before
 * it existed read as runs from scratch.
 *
 * @param step completed steps (the next step is {@code step + 1})
 * @param trainingSeconds wall time spent in training steps so far
 * @param config the run's configuration when the checkpoint was written
 * @param history the loss history up to {@code step}
 * @param initFrom the exported model the run's generator started from, or {@code null} for random weights
 */
public record TrainingState(long step, double trainingSeconds, TrainingRunConfig config, LossHistory history,
        InitFrom initFrom) {

    /** The state of a run started from random weights. */
    public TrainingState(long step, double trainingSeconds, TrainingRunConfig config, LossHistory history) {
        this(step, trainingSeconds, config, history, null);
    }

    /** Version of the file format. */
    public static final int FORMAT_VERSION = 1;

    /** The JSON text: the header fields, the configuration in {@link RunConfigJson}'s form, the loss history. */
    public String toJson() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("formatVersion", FORMAT_VERSION);
        json.put("step", step);
        json.put("trainingSeconds", trainingSeconds);
        json.set("config", RunConfigJson.toTree(config));
        json.set("history", Json.mapper().valueToTree(history.toMap()));
        if (initFrom != null) {
            json.set("initFrom", Json.mapper().valueToTree(initFrom.toMap()));
        }
        return Json.write(json);
    }

    /**
     * Parses {@link #toJson()}'s output (and that of every trainer that wrote format version {@value #FORMAT_VERSION}).
     *
     * @throws IllegalArgumentException if the text is not a state of this format, naming the field at fault
     */
    @SuppressWarnings("unchecked")
    public static TrainingState fromJson(String json) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("training state is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.path("formatVersion").isInt()
                || tree.get("formatVersion").intValue() != FORMAT_VERSION) {
            throw new IllegalArgumentException("training state has formatVersion "
                    + (tree == null ? null : tree.get("formatVersion")) + "; this trainer reads version "
                    + FORMAT_VERSION);
        }
        if (!tree.path("step").isIntegralNumber() || !tree.path("trainingSeconds").isNumber()
                || !tree.path("history").isObject()) {
            throw new IllegalArgumentException("training state lacks or mistypes a field (step and an integer,"
                    + " trainingSeconds a number, history an object)");
        }
        return new TrainingState(tree.get("step").longValue(), tree.get("trainingSeconds").doubleValue(),
                RunConfigJson.fromTree(tree.get("config"), "training state config"),
                LossHistory.fromMap(Json.mapper().convertValue(tree.get("history"), Map.class)),
                tree.has("initFrom") ? InitFrom.fromTree(tree.get("initFrom"), "training state initFrom") : null);
    }
}
