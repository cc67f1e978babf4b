package dev.udpm.fleet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds runnable jars of {@link FakeApp} (like a Quarkus fast-jar: {@code java -jar quarkus-run.jar}). */
final class FakeAppJars {

    private FakeAppJars() {
    }

    /**
     * A jar whose manifest runs {@code mainClass} with the test classes on its class path.
     */
    static Path jar(Path dir, String name, Class<?> mainClass) throws IOException {
        Path classes = Path.of(FakeApp.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
        Files.createDirectories(dir);
        Path jar = dir.resolve(name + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        return jar;
    }
}
