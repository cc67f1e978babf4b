package dev.udpm.worker.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;

import dev.udpm.schemas.job.Lineage;

/**
 * The build of this worker, for every job's lineage: its Maven version and, when the build ran in a git checkout,
 * the commit and whether the checkout had uncommitted changes to tracked files. Read once from what the build wrote
 * (worker/pom.xml): {@value #VERSION} (resource filtering), {@value #COMMIT} ({@code git rev-parse HEAD}) and
 * {@value #STATUS} ({@code git status --porcelain --untracked-files=no}; empty = clean). What the build did not
 * write, or wrote malformed, is absent, never guessed.
 */
public final class WorkerBuild {

    /** {@code version=<Maven version>}. */
    public static final String VERSION = "udpm/worker-build.properties";
    /** The commit's full id. */
    public static final String COMMIT = "udpm/worker-commit.txt";
    /** The tracked files with uncommitted changes, one per line. */
    public static final String STATUS = "udpm/worker-git-status.txt";

    private static final Pattern FULL_COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Lineage.Build CURRENT = read(WorkerBuild.class.getClassLoader());

    private WorkerBuild() {
    }

    /** This worker's build. */
    public static Lineage.Build current() {
        return CURRENT;
    }

    /** The build described by the resources on {@code loader}'s classpath. */
    static Lineage.Build read(ClassLoader loader) {
        Properties properties = new Properties();
        String version = text(loader, VERSION);
        if (version != null) {
            try {
                properties.load(new java.io.StringReader(version));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + VERSION, e);
            }
        }
        return of(properties.getProperty("version"), text(loader, COMMIT), text(loader, STATUS));
    }

    /**
     * The build from what the build wrote: {@code version} ({@code unknown} when missing or an unfilled placeholder,
     * as in a run from unbuilt sources), {@code commit} (recorded only as a full 40-hex id) and {@code status}
     * (dirty when it lists a file; absent without a commit).
     */
    static Lineage.Build of(String version, String commit, String status) {
        String v = version == null ? "" : version.strip();
        String c = commit == null ? "" : commit.strip();
        boolean known = FULL_COMMIT.matcher(c).matches();
        return new Lineage.Build(v.isEmpty() || v.contains("${") ? "unknown" : v, known ? c : null,
                known && status != null ? !status.isBlank() : null);
    }

    private static String text(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
