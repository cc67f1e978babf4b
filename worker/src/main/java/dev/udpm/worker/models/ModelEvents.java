package dev.udpm.worker.models;

import java.time.Clock;
import java.util.Objects;

import dev.udpm.schemas.model.ModelStatus;
import org.jboss.logging.Logger;

/**
 * Reports what this worker did with a model version: one log line and one {@link ModelStatus} event
 * ({@code loaded}, {@code rejected} with the reason, {@code unloaded}) per change.
 */
public final class ModelEvents {

    private static final Logger LOG = Logger.getLogger(ModelEvents.class);

    /** The schema's {@code reason.maxLength}. */
    static final int MAX_REASON = 4096;

    private final ModelStatusSink sink;
    private final String workerId;
    private final Clock clock;

    public ModelEvents(ModelStatusSink sink, String workerId, Clock clock) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A version now serves (latest or pinned). */
    public void loaded(String name, String version, String detail) {
        LOG.infof("Model %s/%s loaded (%s)", name, version, detail);
        publish(name, version, ModelStatus.Status.LOADED, detail);
    }

    /**
     * A version failed a step and does not serve.
     *
     * @param serving the version of the model that keeps serving, or null if none is loaded
     */
    public void rejected(String name, String version, String reason, String serving) {
        LOG.errorf("Model %s/%s REJECTED (%s): %s", name, version, serving == null ? "no version of " + name
                + " is loaded" : "version " + serving + " keeps serving", reason);
        publish(name, version, ModelStatus.Status.REJECTED, reason);
    }

    /** A version was closed after its last lease. */
    public void unloaded(String name, String version, String detail) {
        LOG.infof("Model %s/%s unloaded (%s)", name, version, detail);
        publish(name, version, ModelStatus.Status.UNLOADED, detail);
    }

    private void publish(String name, String version, ModelStatus.Status status, String reason) {
        String text = reason == null || reason.isBlank() ? null : truncate(reason);
        try {
            sink.publish(new ModelStatus(name, version, status, text, workerId, clock.instant()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not publish model status %s for %s/%s", status, name, version);
        }
    }

    static String truncate(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 3) + "...";
    }
}
