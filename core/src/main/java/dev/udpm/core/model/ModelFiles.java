package dev.udpm.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import dev.udpm.schemas.model.ModelManifest;

/** File facts of a model directory: the relative file list and SHA-256 digests. */
public final class ModelFiles {

    private ModelFiles() {
    }

    /**
     * Every regular file under {@code dir} except the manifest, as sorted paths relative to {@code dir} with '/'
     * separators (the form used in {@link ModelManifest#files()}).
     */
    public static List<String> list(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> relative(dir, p))
                    .filter(p -> !p.equals(ModelManifest.FILE_NAME))
                    .sorted()
                    .toList();
        }
    }

    /** The relative path of {@code file} in {@code dir}, '/'-separated. */
    static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** SHA-256 of the file's content, 64 lowercase hex digits. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A manifest file entry for {@code dir/relativePath}. */
    public static ModelManifest.FileEntry entry(Path dir, String relativePath) throws IOException {
        Path file = dir.resolve(relativePath);
        return new ModelManifest.FileEntry(relativePath, sha256(file), Files.size(file));
    }
}
