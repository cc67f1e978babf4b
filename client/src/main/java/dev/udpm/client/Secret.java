package dev.udpm.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A password or key that never shows in a log or a message: {@link #toString()} is {@code ****}, only
 * {@link #reveal()} gives the value (to hand it to the Kafka client). Read it from an environment variable or a file
 * (a mounted Kubernetes Secret), not from a command-line flag, which {@code ps} and shell histories show.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * @throws IllegalArgumentException if {@code value} is null or blank
     */
    public static Secret of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        return new Secret(value);
    }

    /**
     * The content of {@code file} without its trailing line break (how {@code echo} and Kubernetes write it).
     *
     * @throws IllegalArgumentException naming the file (never its content) if it cannot be read or is empty
     */
    public static Secret fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the secret file " + file + ": " + e.getClass().getSimpleName());
        }
        String value = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (value.isBlank()) {
            throw new IllegalArgumentException("the secret file " + file + " is empty");
        }
        return new Secret(value);
    }

    /** The value itself: only for the client configuration that needs it. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return "****";
    }
}
