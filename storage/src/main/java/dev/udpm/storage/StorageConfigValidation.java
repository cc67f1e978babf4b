package dev.udpm.storage;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Start-up checks of a {@link StorageConfig}: every problem found is reported at once, each naming the
 * property, the value and what to set instead.
 */
public final class StorageConfigValidation {

    /** S3 rules: 3-63 characters, lower-case letters, digits, dots and hyphens, starting and ending alphanumeric. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** S3 does not accept presigned URLs valid for longer than 7 days. */
    static final Duration MAX_PRESIGN_EXPIRY = Duration.ofDays(7);
    /** A readiness check that asks the store less often than this would report a dead store too late. */
    static final Duration MAX_HEALTH_INTERVAL = Duration.ofMinutes(1);

    private StorageConfigValidation() {
    }

    /**
     * @return the problems found, empty if the configuration is usable
     */
    public static List<String> problems(StorageConfig config) {
        List<String> problems = new ArrayList<>();
        checkEndpoint(config.endpoint(), problems);
        if (config.region() == null || config.region().isBlank()) {
            problems.add("udpm.storage.region is blank: set the signing region, e.g. us-east-1");
        }
        if (config.accessKey() == null || config.accessKey().isBlank()) {
            problems.add("udpm.storage.access-key is blank: set the access key id of the object store");
        }
        if (config.secretKey() == null || config.secretKey().isBlank()) {
            problems.add("udpm.storage.secret-key is blank: set the secret key of the object store");
        }
        if (config.bucket() == null || !BUCKET.matcher(config.bucket()).matches() || config.bucket().contains("..")) {
            problems.add("udpm.storage.bucket='" + config.bucket() + "' is not a valid S3 bucket name: use 3-63 "
                    + "lower-case letters, digits, '.' or '-', starting and ending with a letter or digit");
        }
        config.caFile().ifPresent(caFile -> {
            if (config.endpoint() != null && !config.endpoint().startsWith("https://")) {
                problems.add("udpm.storage.ca-file is set but udpm.storage.endpoint='" + config.endpoint()
                        + "' is not https: use https:// (the CA is for the endpoint's TLS certificate) or unset it");
            }
            try {
                StorageTls.certificates(caFile);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        });
        Duration expiry = config.presignExpiry();
        if (expiry == null || expiry.compareTo(Duration.ofSeconds(1)) < 0 || expiry.compareTo(MAX_PRESIGN_EXPIRY) > 0) {
            problems.add("udpm.storage.presign-expiry=" + expiry + " is out of range: use a duration from PT1S to "
                    + "P7D (the S3 limit), e.g. PT1H");
        }
        Duration health = config.healthInterval();
        if (health == null || health.compareTo(Duration.ofSeconds(1)) < 0 || health.compareTo(MAX_HEALTH_INTERVAL) > 0) {
            problems.add("udpm.storage.health-interval=" + health + " is out of range: use a duration from PT1S to "
                    + "PT1M, e.g. PT10S");
        }
        return problems;
    }

    /**
     * @throws IllegalArgumentException listing every problem if the configuration is not usable
     */
    public static void validate(StorageConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid object-store configuration: " + String.join("; ", problems));
        }
    }

    private static void checkEndpoint(String endpoint, List<String> problems) {
        String hint = ": use the S3 base URL http(s)://host[:port], e.g. http://127.0.0.1:9000";
        if (endpoint == null || endpoint.isBlank()) {
            problems.add("udpm.storage.endpoint is blank" + hint);
            return;
        }
        try {
            URI uri = new URI(endpoint);
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            boolean bare = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/");
            if (!http || uri.getHost() == null || !bare || uri.getQuery() != null) {
                problems.add("udpm.storage.endpoint='" + endpoint + "' is not a bare http(s) URL" + hint);
            }
        } catch (java.net.URISyntaxException e) {
            problems.add("udpm.storage.endpoint='" + endpoint + "' is not a URL (" + e.getReason() + ")" + hint);
        }
    }
}
