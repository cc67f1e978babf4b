package dev.udpm.schemas;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The contract limits, READ from {@code limits.schema.json} (the only place the numbers are written) when
 * this class loads. The schemas enforce them; this class lets code size buffers, batches and messages
 * without a second copy.
 */
public final class Limits {

    /** Schema file holding every limit. */
    public static final String SCHEMA = "limits.schema.json";

    private static final JsonNode DEFS = SchemaResources.read(SCHEMA).path("$defs");

    /** Lowest job priority ({@code $defs/priority/minimum}). */
    public static final int MIN_PRIORITY = intAt("priority", "minimum");
    /** Highest job priority ({@code $defs/priority/maximum}); higher runs sooner. */
    public static final int MAX_PRIORITY = intAt("priority", "maximum");
    /** Priority of a job that sends none ({@code $defs/priority/default}). */
    public static final int DEFAULT_PRIORITY = intAt("priority", "default");
    /** Most images a generate job may ask for ({@code $defs/imageCount/maximum}). */
    public static final int MAX_IMAGES_PER_JOB = intAt("imageCount", "maximum");
    /** Most images a bulk generate job may ask for ({@code $defs/bulkImageCount/maximum}). */
    public static final int MAX_BULK_IMAGES = intAt("bulkImageCount", "maximum");
    /** Most shards one bulk job is split into ({@code $defs/shardCount/maximum}). */
    public static final int MAX_SHARDS = intAt("shardCount", "maximum");
    /** Most samples per tar shard of format shards ({@code $defs/samplesPerShard/maximum}). */
    public static final int MAX_SAMPLES_PER_SHARD = intAt("samplesPerShard", "maximum");
    /** Samples per tar shard when a job names none ({@code $defs/samplesPerShard/default}). */
    public static final int DEFAULT_SAMPLES_PER_SHARD = intAt("samplesPerShard", "default");
    /** Most images a generate job may lay out in grid.png ({@code $defs/gridImages/maximum}). */
    public static final int MAX_GRID_IMAGES = intAt("gridImages", "maximum");
    /** Longest class-label cycle of a generate job ({@code $defs/classLabels/maxItems}). */
    public static final int MAX_CLASS_LABELS = intAt("classLabels", "maxItems");
    /** Smallest interpolation grid side ({@code $defs/gridSize/minimum}). */
    public static final int MIN_GRID_SIZE = intAt("gridSize", "minimum");
    /** Largest interpolation grid side ({@code $defs/gridSize/maximum}). */
    public static final int MAX_GRID_SIZE = intAt("gridSize", "maximum");
    /** Most columns of a generate job's grid image ({@code $defs/gridColumns/maximum}). */
    public static final int MAX_GRID_COLUMNS = intAt("gridColumns", "maximum");
    /** Largest level index, and so the most levels L a model may have ({@code $defs/level/maximum}). */
    public static final int MAX_LEVELS = intAt("level", "maximum");
    /** Most strengths of a perturb job ({@code $defs/strengths/maxItems}). */
    public static final int MAX_STRENGTHS = intAt("strengths", "maxItems");
    /** Fewest samples per strength of a perturb job ({@code $defs/samplesPerStrength/minimum}). */
    public static final int MIN_SAMPLES_PER_STRENGTH = intAt("samplesPerStrength", "minimum");
    /** Most samples per strength of a perturb job ({@code $defs/samplesPerStrength/maximum}). */
    public static final int MAX_SAMPLES_PER_STRENGTH = intAt("samplesPerStrength", "maximum");
    /** Most principal components a perturb job may ask for ({@code $defs/principalComponents/maximum}). */
    public static final int MAX_PRINCIPAL_COMPONENTS = intAt("principalComponents", "maximum");
    /** Largest image side of a model ({@code $defs/imageSize/maximum}). */
    public static final int MAX_IMAGE_SIZE = intAt("imageSize", "maximum");
    /** Most callback entries ({@code $defs/callback/maxProperties}). */
    public static final int MAX_CALLBACK_ENTRIES = intAt("callback", "maxProperties");
    /** Longest callback key ({@code $defs/callback/propertyNames/maxLength}). */
    public static final int MAX_CALLBACK_KEY_LENGTH = intAt("callback", "propertyNames", "maxLength");
    /** Longest callback value ({@code $defs/callback/additionalProperties/maxLength}). */
    public static final int MAX_CALLBACK_VALUE_LENGTH = intAt("callback", "additionalProperties", "maxLength");
    /** Longest webhook URL ({@code $defs/webhook/properties/url/maxLength}). */
    public static final int MAX_WEBHOOK_URL_LENGTH = intAt("webhook", "properties", "url", "maxLength");

    private Limits() {
    }

    private static int intAt(String def, String... path) {
        JsonNode node = DEFS.path(def);
        StringBuilder pointer = new StringBuilder("/$defs/").append(def);
        for (String step : path) {
            node = node.path(step);
            pointer.append('/').append(step);
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new IllegalStateException(SCHEMA + " has no int at " + pointer + " (found "
                    + (node.isMissingNode() ? "nothing" : node.toString()) + "); the limits file and "
                    + Limits.class.getName() + " disagree");
        }
        return node.intValue();
    }
}
