package dev.udpm.trainer.runs;

/** No run of that id, neither active here nor in the object store. */
public final class UnknownRunException extends RuntimeException {

    public UnknownRunException(String runId) {
        super("no run '" + runId + "': neither active on this trainer nor under runs/" + runId + "/ in the object store");
    }
}
