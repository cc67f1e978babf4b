package dev.udpm.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackagedAppTest {

    @TempDir
    Path dir;

    @Test
    void anAppStartsWithTheClassDataSharingArchiveItsBuildLeftBesideItsJarAndWithoutOneOtherwise() throws Exception {
        Path jar = Files.createDirectories(dir.resolve("quarkus-app")).resolve("quarkus-run.jar");
        Path data = dir.resolve("data");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertEquals(List.of(java, "-Xmx1g", "-jar", jar.toAbsolutePath().toString()),
                PackagedApp.command(jar, List.of("-Xmx1g")), "no archive: no flag");
        assertEquals(data, PackagedApp.workingDirectory(jar, data), "no archive: the app runs in its data folder");
        Path archive = Files.writeString(jar.resolveSibling(PackagedApp.CDS_ARCHIVE), "archive");
        assertEquals(List.of(java, "-Xmx1g", "-XX:SharedArchiveFile=" + archive.toAbsolutePath(), "-jar",
                jar.toAbsolutePath().toString()), PackagedApp.command(jar, List.of("-Xmx1g")));
        assertEquals(jar.toAbsolutePath().getParent(), PackagedApp.workingDirectory(jar, data),
                "with the archive the app runs in the jar's directory, against which the JVM checks its class path");
    }
}
