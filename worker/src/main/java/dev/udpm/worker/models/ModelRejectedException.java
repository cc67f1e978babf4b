package dev.udpm.worker.models;

/**
 * A model version failed one {@link LoadStep} and must not serve. The message is the rejection reason published
 * in the {@code model-status} event: it names the step and, where one is to blame, the file.
 */
public final class ModelRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String modelName;
    private final String version;
    private final LoadStep step;

    public ModelRejectedException(String modelName, String version, LoadStep step, String reason, Throwable cause) {
        super(step.label() + " failed: " + reason, cause);
        this.modelName = modelName;
        this.version = version;
        this.step = step;
    }

    public ModelRejectedException(String modelName, String version, LoadStep step, String reason) {
        this(modelName, version, step, reason, null);
    }

    public String modelName() {
        return modelName;
    }

    public String version() {
        return version;
    }

    public LoadStep step() {
        return step;
    }
}
