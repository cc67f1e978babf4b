package dev.udpm.embedded;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 endpoint in this JVM: S3Proxy in front of a jclouds blob store, on a free loopback port,
 * with AWS signature V2/V4 authentication and random credentials.
 *
 * <p>Two back ends: {@link #startTransient()} keeps objects in memory (tests), {@link #startFilesystem(Path)}
 * keeps them as files under a folder (local runs; the folder survives {@link #close()}). The first start
 * in a JVM takes 1-3.5 s and is logged.
 *
 * <pre>{@code
 * try (EmbeddedS3 s3 = EmbeddedS3.startTransient()) {
 *     s3.createBucket("udpm");
 *     MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).region(s3.region())
 *             .credentials(s3.accessKey(), s3.secretKey()).build();
 * }
 * }</pre>
 */
public final class EmbeddedS3 implements AutoCloseable {

    private static final Logger LOG = System.getLogger(EmbeddedS3.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** S3Proxy does not check the region; clients sign with this one. */
    private static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final String endpoint;
    private final String accessKey;
    private final String secretKey;
    private final long startupMillis;
    private final LongAdder requests;
    private boolean closed;

    private EmbeddedS3(S3Proxy proxy, BlobStoreContext context, String endpoint, String accessKey,
                       String secretKey, long startupMillis, LongAdder requests) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.startupMillis = startupMillis;
        this.requests = requests;
    }

    /** Starts an S3 endpoint whose objects live in memory and vanish on {@link #close()}. */
    public static EmbeddedS3 startTransient() {
        return start("transient", new Properties(), "memory", 0, "udpm-" + randomHex(8), randomHex(20), null);
    }

    /**
     * Like {@link #startTransient()}, serving ONLY https with {@code tls}'s key store: {@link #endpoint()} is
     * {@code https://127.0.0.1:<port>}, and clients must trust {@link SelfSignedTls#certificatePem()}.
     */
    public static EmbeddedS3 startTransientTls(SelfSignedTls tls) {
        return start("transient", new Properties(), "memory", 0, "udpm-" + randomHex(8), randomHex(20),
                java.util.Objects.requireNonNull(tls, "tls"));
    }

    /**
     * Starts an S3 endpoint whose buckets are sub-folders of {@code baseDir} and objects are files
     * (jclouds {@code filesystem-nio2}); the folder is created if missing and kept on {@link #close()}.
     */
    public static EmbeddedS3 startFilesystem(Path baseDir) {
        return startFilesystem(baseDir, 0, "udpm-" + randomHex(8), randomHex(20));
    }

    /**
     * Like {@link #startFilesystem(Path)} on a fixed port with fixed credentials: the local fleet's object
     * store, which clients reach at the same address with the same keys after every restart.
     *
     * @param port      port on 127.0.0.1, or {@code 0} for a free one
     * @param accessKey the access key id clients must sign with (non-blank)
     * @param secretKey its secret key (non-blank)
     * @throws IllegalStateException naming the port if S3Proxy cannot start (e.g. the port is taken)
     */
    public static EmbeddedS3 startFilesystem(Path baseDir, int port, String accessKey, String secretKey) {
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("embedded S3: access key and secret key must be non-blank");
        }
        Path dir = baseDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (Exception e) {
            throw new IllegalStateException("embedded S3: cannot create the data folder " + dir
                    + "; pass a writable directory", e);
        }
        Properties overrides = new Properties();
        overrides.setProperty("jclouds.filesystem.basedir", dir.toString());
        return start("filesystem-nio2", overrides, dir.toString(), port, accessKey, secretKey, null);
    }

    private static EmbeddedS3 start(String provider, Properties overrides, String where, int port,
                                    String accessKey, String secretKey, SelfSignedTls tls) {
        long t0 = System.nanoTime();
        BlobStoreContext context = ContextBuilder.newBuilder(provider)
                .credentials("identity", "credential")
                .overrides(overrides)
                .build(BlobStoreContext.class);
        S3Proxy.Builder builder = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey);
        if (tls == null) {
            builder.endpoint(URI.create("http://127.0.0.1:" + port));
        } else {
            builder.secureEndpoint(URI.create("https://127.0.0.1:" + port))
                    .keyStore(tls.keyStore().toString(), tls.keyStorePassword());
        }
        S3Proxy proxy;
        try {
            proxy = builder.build();
        } catch (Exception e) {
            context.close();
            throw new IllegalStateException("embedded S3: cannot configure S3Proxy: " + e.getMessage(), e);
        }
        // The same credential check as S3Proxy's own (one access key, one blob store), counting each call: S3Proxy asks
        // its locator once per signed request, so the count is the number of S3 requests the server received.
        LongAdder requests = new LongAdder();
        BlobStore blobStore = context.getBlobStore();
        proxy.setBlobStoreLocator((identity, container, blob) -> {
            requests.increment();
            return accessKey.equals(identity) ? Map.entry(secretKey, blobStore) : null;
        });
        try {
            proxy.start(); // Jetty's start is synchronous: the port is bound when it returns
            if (!"STARTED".equals(proxy.getState())) {
                throw new IllegalStateException("S3Proxy state is " + proxy.getState() + " after start");
            }
        } catch (Exception e) {
            stopQuietly(proxy);
            context.close();
            throw new IllegalStateException("embedded S3: S3Proxy (" + provider + ") failed to start on 127.0.0.1:"
                    + port + ": " + e.getMessage(), e);
        }
        String endpoint = tls == null ? "http://127.0.0.1:" + proxy.getPort()
                : "https://127.0.0.1:" + proxy.getSecurePort();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        LOG.log(Level.INFO, "Embedded S3 (S3Proxy, {0}, data in {1}) started on {2} in {3} ms",
                new Object[] {provider, where, endpoint, millis});
        return new EmbeddedS3(proxy, context, endpoint, accessKey, secretKey, millis, requests);
    }

    /**
     * Signed S3 requests received since the start (every object, listing and bucket call, whatever its answer), counted
     * by the server: what a client really sent, for request budgets such as requests per 1,000 stored images.
     */
    public long requestCount() {
        return requests.sum();
    }

    /** The service URL, {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return endpoint;
    }

    /** The region clients should sign requests for. */
    public String region() {
        return REGION;
    }

    /** The access key id the endpoint accepts. */
    public String accessKey() {
        return accessKey;
    }

    /** The secret key matching {@link #accessKey()}. */
    public String secretKey() {
        return secretKey;
    }

    /** Wall-clock milliseconds from the start call until the endpoint accepted requests. */
    public long startupMillis() {
        return startupMillis;
    }

    /**
     * Creates a bucket directly in the back end. Creating an existing bucket is harmless.
     *
     * @return {@code true} if the bucket was created, {@code false} if it already existed
     */
    public boolean createBucket(String bucket) {
        BlobStore store = context.getBlobStore();
        return store.createContainerInLocation(null, bucket);
    }

    /** Whether the back end holds a bucket with this name. */
    public boolean bucketExists(String bucket) {
        return context.getBlobStore().containerExists(bucket);
    }

    /** Stops the HTTP endpoint and closes the blob store. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopQuietly(proxy);
        context.close();
        LOG.log(Level.INFO, "Embedded S3 on {0} stopped", endpoint);
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Embedded S3: error while stopping S3Proxy", e);
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
