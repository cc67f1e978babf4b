package dev.udpm.worker.models;

/** The steps a model version goes through before it serves; a rejection names the step that failed. */
public enum LoadStep {
    /** Reading {@code manifest.json} and every listed file from the object store into the local cache. */
    DOWNLOAD,
    /** Checking the manifest (schema, name/version, published checksum) and every file's SHA-256 and size. */
    VERIFY,
    /** Loading the SavedModel into TensorFlow with the configured device options. */
    LOAD,
    /** One {@code generate} call at the warm-up batch size, whose images must be finite and in [-1, 1]. */
    WARM_UP;

    /** Lower-case name used in reasons and metric tags, e.g. {@code warm-up}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
