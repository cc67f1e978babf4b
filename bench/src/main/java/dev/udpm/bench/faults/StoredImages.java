package dev.udpm.bench.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.udpm.schemas.ObjectKeys;

/**
 * The images of a job as the object store holds them: S3Proxy's filesystem store keeps object
 * {@code jobs/{jobId}/000007.png} of bucket {@code B} as the file {@code DIR/B/jobs/{jobId}/000007.png}. Read from
 * the files, so that counting them goes on while the store's process is paused or down.
 */
final class StoredImages {

    private final Path bucketDir;

    StoredImages(Path bucketDir) {
        this.bucketDir = bucketDir;
    }

    /** How many images of {@code jobId} are stored. */
    int count(String jobId) {
        try (Stream<Path> files = Files.list(jobDir(jobId))) {
            return (int) files.filter(StoredImages::isImage).count();
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether image {@code index} of {@code jobId} is stored. */
    boolean has(String jobId, int index) {
        return Files.isRegularFile(bucketDir.resolve(ObjectKeys.imageKey(jobId, index)));
    }

    /** File name -> sha256 of every image of {@code jobId}. */
    Map<String, String> sha256s(String jobId) throws IOException {
        Map<String, String> shas = new TreeMap<>();
        try (Stream<Path> files = Files.list(jobDir(jobId))) {
            for (Path f : files.filter(StoredImages::isImage).toList()) {
                shas.put(f.getFileName().toString(), sha256(Files.readAllBytes(f)));
            }
        } catch (NoSuchFileException e) {
            return shas;
        }
        return shas;
    }

    /** The bytes of object {@code key}, or null if it is not stored. */
    byte[] read(String key) throws IOException {
        Path f = bucketDir.resolve(key);
        return Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
    }

    private Path jobDir(String jobId) {
        return bucketDir.resolve(ObjectKeys.jobPrefix(jobId));
    }

    private static boolean isImage(Path f) {
        return f.getFileName().toString().matches("\\d{6}\\.png") && Files.isRegularFile(f);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
