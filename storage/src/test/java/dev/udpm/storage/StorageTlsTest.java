package dev.udpm.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.embedded.SelfSignedTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object store over https with a private CA ({@code udpm.storage.ca-file}), against a real S3 endpoint (S3Proxy)
 * that serves only https with a keytool-made certificate: trusted through the CA file it works, without it the TLS
 * handshake fails, and a CA file that is missing, a placeholder or paired with an http endpoint is refused.
 */
class StorageTlsTest {

    private static final String BUCKET = "udpm-tls";

    @TempDir
    static Path dir;
    private static SelfSignedTls tls;
    private static EmbeddedS3 s3;

    @BeforeAll
    static void start() {
        tls = SelfSignedTls.generate(dir.resolve("tls"));
        s3 = EmbeddedS3.startTransientTls(tls);
        s3.createBucket(BUCKET);
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void anHttpsEndpointSignedByTheConfiguredCaIsUsed() {
        assertTrue(s3.endpoint().startsWith("https://"), s3.endpoint());
        try (ObjectStore store = ObjectStore.connect(config(Map.of("udpm.storage.ca-file",
                tls.certificatePem().toString())))) {
            byte[] bytes = "over tls".getBytes(StandardCharsets.UTF_8);
            store.put("jobs/tls/0.txt", bytes, "text/plain");
            assertArrayEquals(bytes, store.get("jobs/tls/0.txt"));
        }
    }

    @Test
    void withoutTheCaTheCertificateIsNotTrusted() {
        try (ObjectStore store = ObjectStore.connect(config(Map.of()))) {
            StorageException e = assertThrows(StorageException.class, store::bucketExists);
            assertTrue(causes(e).contains("SSLHandshakeException"), causes(e));
        }
    }

    @Test
    void aMissingPlaceholderOrMisplacedCaFileIsRefusedNamingTheKey() throws Exception {
        Path placeholder = Files.writeString(dir.resolve("placeholder.crt"), "CHANGE-ME");
        List<String> problems = StorageConfigValidation.problems(config(Map.of("udpm.storage.ca-file",
                placeholder.toString())));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("udpm.storage.ca-file=" + placeholder + " holds no"), problems.get(0));

        problems = StorageConfigValidation.problems(config(Map.of("udpm.storage.ca-file",
                dir.resolve("absent.crt").toString())));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("is not a readable file"), problems.get(0));

        problems = StorageConfigValidation.problems(config(Map.of("udpm.storage.ca-file",
                tls.certificatePem().toString(), "udpm.storage.endpoint", "http://127.0.0.1:9000")));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("udpm.storage.ca-file is set but udpm.storage.endpoint='http://"),
                problems.get(0));
        assertThrows(IllegalArgumentException.class, () -> ObjectStore.connect(config(Map.of("udpm.storage.ca-file",
                placeholder.toString()))));
    }

    private static StorageConfig config(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "udpm.storage.endpoint", s3.endpoint(),
                "udpm.storage.access-key", s3.accessKey(),
                "udpm.storage.secret-key", s3.secretKey(),
                "udpm.storage.bucket", BUCKET));
        properties.putAll(extra);
        return StorageConfigTest.mapping(properties);
    }

    private static String causes(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            s.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" <- ");
        }
        return s.toString();
    }
}
