package dev.udpm.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedS3Test {

    private static final String BUCKET = "helper-test";
    private static EmbeddedS3 s3;
    private static MinioClient client;

    @BeforeAll
    static void startS3() {
        s3 = EmbeddedS3.startTransient();
        assertTrue(s3.createBucket(BUCKET), "a new bucket must be reported as created");
        client = client(s3, s3.secretKey());
    }

    @AfterAll
    static void stopS3() {
        s3.close();
        s3.close(); // idempotent
    }

    @Test
    void bucketCreatedInTheBackEndIsVisibleThroughS3AndCreatingItAgainIsHarmless() throws Exception {
        assertTrue(client.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build()));
        assertFalse(client.bucketExists(BucketExistsArgs.builder().bucket("no-such-bucket").build()));
        assertFalse(s3.createBucket(BUCKET), "re-creating an existing bucket must report false, not fail");
        assertTrue(s3.bucketExists(BUCKET));
    }

    @Test
    void objectPutThroughMinioComesBackWithSameBytesSizeAndContentType() throws Exception {
        byte[] bytes = "pixels\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        put("roundtrip/a.png", bytes, "image/png");

        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(BUCKET).object("roundtrip/a.png").build())) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
        StatObjectResponse stat = client.statObject(
                StatObjectArgs.builder().bucket(BUCKET).object("roundtrip/a.png").build());
        assertEquals(bytes.length, stat.size());
        assertEquals("image/png", stat.contentType());
    }

    @Test
    void listingByPrefixReturnsExactlyTheObjectsUnderIt() throws Exception {
        put("list/x/1.png", new byte[] {1}, "image/png");
        put("list/x/2.png", new byte[] {1, 2}, "image/png");
        put("list/y/3.png", new byte[] {1, 2, 3}, "image/png");

        List<String> names = new ArrayList<>();
        for (Result<Item> r : client.listObjects(
                ListObjectsArgs.builder().bucket(BUCKET).prefix("list/x/").recursive(true).build())) {
            names.add(r.get().objectName() + "=" + r.get().size());
        }
        assertEquals(List.of("list/x/1.png=1", "list/x/2.png=2"), names);
    }

    @Test
    void presignedGetUrlServesTheObjectWithoutCredentialsAndRejectsATamperedSignature() throws Exception {
        byte[] bytes = "presigned body".getBytes(StandardCharsets.UTF_8);
        put("presigned/p.txt", bytes, "text/plain");
        String url = client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Method.GET).bucket(BUCKET).object("presigned/p.txt").expiry(60, TimeUnit.SECONDS).build());
        assertTrue(url.startsWith(s3.endpoint() + "/" + BUCKET + "/presigned/p.txt?"), url);

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> ok = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, ok.statusCode());
        assertArrayEquals(bytes, ok.body());

        HttpResponse<byte[]> refused = http.send(HttpRequest.newBuilder(URI.create(withChangedSignature(url))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(403, refused.statusCode(), "a presigned URL with a changed signature must be refused");
    }

    @Test
    void theServerCountsEverySignedRequestItReceives() throws Exception {
        try (EmbeddedS3 own = EmbeddedS3.startTransient()) {
            own.createBucket(BUCKET); // through the back end, not S3: not a request
            assertEquals(0, own.requestCount());
            MinioClient c = client(own, own.secretKey());
            c.putObject(PutObjectArgs.builder().bucket(BUCKET).object("n/a.bin")
                    .stream(new ByteArrayInputStream(new byte[] {1, 2}), 2, -1).build());
            c.statObject(StatObjectArgs.builder().bucket(BUCKET).object("n/a.bin").build());
            try (InputStream in = c.getObject(GetObjectArgs.builder().bucket(BUCKET).object("n/a.bin").build())) {
                in.readAllBytes();
            }
            for (Result<Item> r : c.listObjects(ListObjectsArgs.builder().bucket(BUCKET).prefix("n/").build())) {
                r.get();
            }
            assertThrows(ErrorResponseException.class, () -> client(own, own.secretKey() + "x")
                    .statObject(StatObjectArgs.builder().bucket(BUCKET).object("n/a.bin").build()));
            assertEquals(5, own.requestCount(), "put, stat, get, one listing page and the refused stat");
        }
    }

    @Test
    void aClientWithTheWrongSecretIsRefused() {
        MinioClient wrong = client(s3, s3.secretKey() + "x");
        ErrorResponseException e = assertThrows(ErrorResponseException.class,
                () -> wrong.statObject(StatObjectArgs.builder().bucket(BUCKET).object("anything").build()));
        assertEquals(403, e.response().code());
        ErrorResponseException put = assertThrows(ErrorResponseException.class, () -> wrong.putObject(
                PutObjectArgs.builder().bucket(BUCKET).object("forbidden.txt")
                        .stream(new ByteArrayInputStream(new byte[] {1}), 1, -1).build()));
        assertEquals("SignatureDoesNotMatch", put.errorResponse().code());
    }

    @Test
    void filesystemBackEndKeepsObjectsAsFilesAcrossRestarts(@TempDir Path dir) throws Exception {
        byte[] bytes = "kept on disk".getBytes(StandardCharsets.UTF_8);
        try (EmbeddedS3 first = EmbeddedS3.startFilesystem(dir)) {
            first.createBucket("disk");
            client(first, first.secretKey()).putObject(PutObjectArgs.builder().bucket("disk").object("models/m/1/a.bin")
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
        }
        assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("disk/models/m/1/a.bin")),
                "the object must be a plain file under <folder>/<bucket>/<key>");

        try (EmbeddedS3 second = EmbeddedS3.startFilesystem(dir);
             InputStream in = client(second, second.secretKey())
                     .getObject(GetObjectArgs.builder().bucket("disk").object("models/m/1/a.bin").build())) {
            assertArrayEquals(bytes, in.readAllBytes(), "a restarted endpoint on the same folder must serve it");
        }
    }

    private static String withChangedSignature(String url) {
        String param = "X-Amz-Signature=";
        int i = url.indexOf(param) + param.length();
        assertTrue(i >= param.length(), "a presigned V4 URL carries " + param + ": " + url);
        char flipped = url.charAt(i) == '0' ? '1' : '0';
        return url.substring(0, i) + flipped + url.substring(i + 1);
    }

    private static void put(String key, byte[] bytes, String contentType) throws Exception {
        client.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build());
    }

    private static MinioClient client(EmbeddedS3 s3, String secret) {
        return MinioClient.builder().endpoint(s3.endpoint()).region(s3.region())
                .credentials(s3.accessKey(), secret).build();
    }
}
