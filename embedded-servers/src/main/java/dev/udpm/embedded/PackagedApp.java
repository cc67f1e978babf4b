package dev.udpm.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a packaged Quarkus app ({@code quarkus-app/quarkus-run.jar}) is started as a child process by the local fleet,
 * the benchmarks and the tests: {@code <this JVM's java> [jvmArgs] [-XX:SharedArchiveFile=...] -jar <jar>}, in the
 * directory {@link #workingDirectory} names. One place, so every launcher uses the build's class-data-sharing
 * archive the same way.
 */
public final class PackagedApp {

    /** The class-data-sharing archive a Quarkus build writes beside its {@code quarkus-run.jar}. */
    public static final String CDS_ARCHIVE = "app-cds.jsa";

    private PackagedApp() {
    }

    /** The command that runs {@code jar} with this JVM, {@code jvmArgs} and {@link #classDataSharing}. */
    public static List<String> command(Path jar, List<String> jvmArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(classDataSharing(jar));
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        return command;
    }

    /**
     * {@code -XX:SharedArchiveFile=<archive>} when the build left {@link #CDS_ARCHIVE} beside {@code jar} (the worker's
     * build does: {@code quarkus.package.jar.appcds.enabled}), else nothing. The JVM maps the classes archived there
     * instead of loading them from the jars; an archive it cannot use (another JDK build, jars moved or rebuilt since,
     * or a start outside {@link #workingDirectory}) is ignored with a warning and the app starts as without it.
     */
    public static List<String> classDataSharing(Path jar) {
        Path archive = jar.toAbsolutePath().resolveSibling(CDS_ARCHIVE);
        return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
    }

    /**
     * Where to start {@code jar}: its own directory when it holds {@link #CDS_ARCHIVE} (the archive records the class
     * path as the build ran it, {@code quarkus-run.jar} and {@code lib/...} relative to that directory, and the JVM
     * checks those entries against its working directory), else {@code otherwise}.
     */
    public static Path workingDirectory(Path jar, Path otherwise) {
        return classDataSharing(jar).isEmpty() ? otherwise : jar.toAbsolutePath().getParent();
    }
}
