package dev.udpm.cli;

import java.time.Duration;

import dev.udpm.storage.StorageSettings;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.StorageConfig;
import picocli.CommandLine.Option;

/**
 * Where the fleet is: Kafka, the S3 store and the REST API. Every option also reads an environment variable,
 * and the defaults are the local fleet's ({@code ./local-fleet start}: Kafka 127.0.0.1:9092, S3Proxy
 * http://127.0.0.1:9000 with {@code minioadmin}/{@code minioadmin}, bucket {@code udpm}, worker
 * http://127.0.0.1:8080), which are also the defaults of the services' own {@code udpm.storage.*} and
 * {@code kafka.bootstrap.servers} settings.
 */
public final class ConnectionOptions {

    /** Default Kafka bootstrap address of the local fleet. */
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
    /** Default S3 endpoint of the local fleet. */
    public static final String DEFAULT_S3_ENDPOINT = "http://127.0.0.1:9000";
    /** Default REST API base URL of the local fleet's worker. */
    public static final String DEFAULT_API_URL = "http://127.0.0.1:8080";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:UDPM_BOOTSTRAP_SERVERS:-" + DEFAULT_BOOTSTRAP + "}",
            description = "Kafka bootstrap servers (env UDPM_BOOTSTRAP_SERVERS, default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            defaultValue = "${env:UDPM_S3_ENDPOINT:-" + DEFAULT_S3_ENDPOINT + "}",
            description = "S3 endpoint (env UDPM_S3_ENDPOINT, default ${DEFAULT-VALUE}).")
    String s3Endpoint;

    @Option(names = "--s3-access-key", paramLabel = "KEY", defaultValue = "${env:UDPM_S3_ACCESS_KEY:-minioadmin}",
            description = "S3 access key (env UDPM_S3_ACCESS_KEY, default ${DEFAULT-VALUE}).")
    String s3AccessKey;

    @Option(names = "--s3-secret-key", paramLabel = "SECRET", defaultValue = "${env:UDPM_S3_SECRET_KEY:-minioadmin}",
            description = "S3 secret key (env UDPM_S3_SECRET_KEY, default: the local fleet's).", showDefaultValue =
            picocli.CommandLine.Help.Visibility.NEVER)
    String s3SecretKey;

    @Option(names = "--s3-region", paramLabel = "REGION", defaultValue = "${env:UDPM_S3_REGION:-us-east-1}",
            description = "Region requests are signed for (env UDPM_S3_REGION, default ${DEFAULT-VALUE}).")
    String s3Region;

    @Option(names = "--bucket", paramLabel = "BUCKET", defaultValue = "${env:UDPM_S3_BUCKET:-udpm}",
            description = "The fleet's bucket (env UDPM_S3_BUCKET, default ${DEFAULT-VALUE}).")
    String bucket;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:UDPM_API_KEY}",
            description = "Key for the REST API, sent as 'Authorization: Bearer' and 'X-API-Key' (env UDPM_API_KEY;"
                    + " the local fleet needs none).")
    String apiKey;

    @Option(names = "--connect-timeout", paramLabel = "DURATION",
            defaultValue = "${env:UDPM_CONNECT_TIMEOUT:-PT3S}", converter = DurationConverter.class,
            description = "How long to wait for a service to answer before saying it is not there, ISO-8601"
                    + " or e.g. 3s (env UDPM_CONNECT_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    /** Kafka {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** How long to wait for a connection or an answer. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The REST API key, or {@code null}. */
    public String apiKey() {
        return apiKey == null || apiKey.isBlank() ? null : apiKey;
    }

    /** The bucket holding {@code jobs/...}. */
    public String bucket() {
        return bucket;
    }

    /** Fails fast with {@link ExitCodes#UNAVAILABLE} when nothing listens at the Kafka address. */
    public void requireKafka() {
        Reachability.requireKafka(bootstrapServers, connectTimeout);
    }

    /**
     * A client for the fleet's bucket, after checking that something listens at the endpoint.
     *
     * @throws CliException {@link ExitCodes#UNAVAILABLE} if nothing listens, {@link ExitCodes#INVALID_INPUT}
     *                      naming the option if the settings are not usable
     */
    public ObjectStore openStore() {
        Reachability.requireHttp("S3", s3Endpoint, connectTimeout, "--s3-endpoint or UDPM_S3_ENDPOINT");
        try {
            return ObjectStore.connect(storageConfig());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, e.getMessage()
                    .replace("udpm.storage.endpoint", "--s3-endpoint")
                    .replace("udpm.storage.access-key", "--s3-access-key")
                    .replace("udpm.storage.secret-key", "--s3-secret-key")
                    .replace("udpm.storage.region", "--s3-region")
                    .replace("udpm.storage.bucket", "--bucket"));
        }
    }

    /** The S3 settings as the services' {@link StorageConfig}. */
    public StorageConfig storageConfig() {
        return StorageSettings.of(s3Endpoint, s3Region, s3AccessKey, s3SecretKey, bucket);
    }

    /** Describes where S3 is, for messages: {@code bucket 'udpm' at http://127.0.0.1:9000}. */
    public String describeStore() {
        return "bucket '" + bucket + "' at " + s3Endpoint;
    }
}
