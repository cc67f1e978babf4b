package dev.udpm.cli;

/**
 * The exit status of every {@code udpm} command, so scripts can tell outcomes apart. The values follow the
 * usual conventions: {@code 2} for bad input (as picocli and most Unix tools), and {@code sysexits.h} for
 * "service unavailable" (69), "internal software error" (70) and "permission denied" (77).
 */
public final class ExitCodes {

    /** The command did what was asked; for {@code watch}, the job completed. */
    public static final int OK = 0;
    /** The job ended with a {@code failed} event. */
    public static final int JOB_FAILED = 1;
    /** {@code diff}: the two jobs' objects differ (an image's sha256, or an object only one job has). */
    public static final int DIFFERENT = 1;
    /** Invalid input: an unknown option, a value of the wrong type, or a request that breaks the contract. */
    public static final int INVALID_INPUT = 2;
    /** The job ended with a {@code cancelled} event. */
    public static final int JOB_CANCELLED = 3;
    /** No terminal event arrived within {@code --timeout}. */
    public static final int TIMEOUT = 4;
    /** The job (or its manifest, or a model) is not known. */
    public static final int NOT_FOUND = 5;
    /** A downloaded object's SHA-256 differs from the one recorded for it. */
    public static final int VERIFY_FAILED = 6;
    /** Nothing is listening at an address, or the service did not answer in time (sysexits EX_UNAVAILABLE). */
    public static final int UNAVAILABLE = 69;
    /** An unexpected error inside the CLI (sysexits EX_SOFTWARE). */
    public static final int SOFTWARE = 70;
    /** The REST API refused the credentials (sysexits EX_NOPERM). */
    public static final int NO_PERMISSION = 77;

    private ExitCodes() {
    }
}
