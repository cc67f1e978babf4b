package dev.udpm.core.model;

import java.io.IOException;

/**
 * A model directory that must not be loaded: its manifest is missing or invalid, or a file is missing,
 * unexpected, or does not match the size or SHA-256 the manifest lists. {@link #file()} names the offending
 * file, relative to the model directory.
 */
public final class InvalidModelException extends IOException {

    private final String file;

    public InvalidModelException(String file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public InvalidModelException(String file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** The offending file, relative to the model directory (e.g. {@code variables/variables.index}). */
    public String file() {
        return file;
    }
}
