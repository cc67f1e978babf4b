package dev.udpm.trainer.training;

import dev.udpm.schemas.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small JSON file saved with every checkpoint ({@value Checkpoints#STATE_FILE}) next to the TensorFlow variables:
 * <pre>
 *   {"formatVersion": 1, "step": 1200, "trainingSeconds": 611.2, "config": {...TrainingRunConfig...},
 *    "history": {"entries": [...], "openWindow": {...}, ...}}
 * </pre>
 *
 * @param step completed steps (the next step is {@code step + 1})
 * @param trainingSeconds wall time spent in training steps so far
 * @param config the run's configuration when the checkpoint was written
 * @param history the loss history up to {@code step}
 */
public record TrainingState(long step, double trainingSeconds, TrainingRunConfig config, LossHistory history) {

    /** Version of the file format. */
    public static final int FORMAT_VERSION = 1;

    /** The JSON text. */
    public String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("formatVersion", FORMAT_VERSION);
        map.put("step", step);
        map.put("trainingSeconds", trainingSeconds);
        map.put("config", config.toMap());
        map.put("history", history.toMap());
        return Json.write(map);
    }

    /**
     * Parses {@link #toJson()}'s output.
     *
     * @throws IllegalArgumentException if the text is not a state of this format
     */
    @SuppressWarnings("unchecked")
    public static TrainingState fromJson(String json) {
        Map<String, Object> map;
        try {
            map = Json.read(json, Map.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("training state is not valid JSON: " + e.getMessage(), e);
        }
        if (!(map.get("formatVersion") instanceof Number v) || v.intValue() != FORMAT_VERSION) {
            throw new IllegalArgumentException("training state has formatVersion " + map.get("formatVersion")
                    + "; this trainer reads version " + FORMAT_VERSION);
        }
        try {
            return new TrainingState(((Number) map.get("step")).longValue(),
                    ((Number) map.get("trainingSeconds")).doubleValue(),
                    TrainingRunConfig.fromMap((Map<String, ?>) map.get("config")),
                    LossHistory.fromMap((Map<String, ?>) map.get("history")));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("training state lacks or mistypes a field (step, trainingSeconds,"
                    + " config, history): " + e.getMessage(), e);
        }
    }
}
