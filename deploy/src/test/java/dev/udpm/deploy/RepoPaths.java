package dev.udpm.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the deploy module and the repository are on disk. Surefire runs the tests with the module directory as
 * {@code basedir}; every file the tests read is found relative to it, never through the classpath, so the tests
 * read exactly the files a reviewer sees.
 */
public final class RepoPaths {

    private RepoPaths() {
    }

    /** The {@code deploy/} module directory. */
    public static Path module() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
        if (!Files.isDirectory(module.resolve("kubernetes"))) {
            throw new IllegalStateException("basedir " + module + " is not the deploy module (no kubernetes/ in it):"
                    + " run the tests through Maven (./mvnw -pl deploy test) or from the deploy/ directory");
        }
        return module;
    }

    /** The repository root (the parent of {@code deploy/}, holding the root pom.xml). */
    public static Path root() {
        return module().getParent();
    }

    /** {@code deploy/kubernetes/}. */
    public static Path kubernetes() {
        return module().resolve("kubernetes");
    }

    /** {@code deploy/docker/}. */
    public static Path docker() {
        return module().resolve("docker");
    }
}
