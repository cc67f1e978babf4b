package dev.udpm.cli;

/**
 * A failure the user can act on: its message is printed as is (no stack trace) and the command exits with
 * {@link #exitCode()}, one of {@link ExitCodes}.
 */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit status, one of {@link ExitCodes}. */
    public int exitCode() {
        return exitCode;
    }
}
