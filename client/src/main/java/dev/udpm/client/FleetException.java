package dev.udpm.client;

/** A failure to reach or use the fleet, with a message a person can act on (which address, which topic). */
public final class FleetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, so a caller can map it (the CLI to an exit code). */
    public enum Kind {
        /** The broker or a topic is not there, or did not answer in time. */
        UNAVAILABLE,
        /** The calling thread was interrupted. */
        INTERRUPTED,
        /** What was waited for (a job's end, its progress) did not come within the time given. */
        TIMED_OUT
    }

    private final Kind kind;

    public FleetException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public FleetException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
