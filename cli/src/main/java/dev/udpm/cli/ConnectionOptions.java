package dev.udpm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import dev.udpm.client.FleetKafka;
import dev.udpm.client.KafkaSecurity;
import dev.udpm.client.KafkaSettings;
import dev.udpm.client.Secret;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.StorageConfig;
import dev.udpm.storage.StorageSettings;
import picocli.CommandLine.Option;

/**
 * Where the fleet is: Kafka, the S3 store and the REST API. Every option also reads an environment variable,
 * and the defaults are the local fleet's ({@code ./local-fleet start}: Kafka 127.0.0.1:9092, S3Proxy
 * http://127.0.0.1:9000 with {@code minioadmin}/{@code minioadmin}, bucket {@code udpm}, worker
 * http://127.0.0.1:8080), which are also the defaults of the services' own {@code udpm.storage.*} and
 * {@code kafka.bootstrap.servers} settings.
 *
 * <p>Kafka security (the production listener: TLS with SCRAM-SHA-512, see {@code deploy/kubernetes}): the protocol,
 * user and truststore are options; the passwords are never option values (a command line shows in {@code ps} and
 * shell histories): they come from {@code UDPM_KAFKA_SASL_PASSWORD} / {@code UDPM_KAFKA_TRUSTSTORE_PASSWORD} or from
 * a file named by an option (a mounted Secret).
 */
public final class ConnectionOptions {

    /** {@code ce_source} of every record the CLI writes. */
    public static final String CE_SOURCE = "/udpm/cli";
    /** Environment variable holding the SASL password. */
    static final String ENV_SASL_PASSWORD = "UDPM_KAFKA_SASL_PASSWORD";
    /** Environment variable holding the truststore password (PKCS12/JKS stores). */
    static final String ENV_TRUSTSTORE_PASSWORD = "UDPM_KAFKA_TRUSTSTORE_PASSWORD";

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

    @Option(names = "--kafka-security-protocol", paramLabel = "PROTOCOL",
            defaultValue = "${env:UDPM_KAFKA_SECURITY_PROTOCOL:-PLAINTEXT}",
            description = "PLAINTEXT, SSL, SASL_SSL (SCRAM-SHA-512 over TLS, production's listener) or SASL_PLAINTEXT"
                    + " (env UDPM_KAFKA_SECURITY_PROTOCOL, default ${DEFAULT-VALUE}).")
    KafkaSecurity.Protocol kafkaSecurityProtocol;

    @Option(names = "--kafka-sasl-username", paramLabel = "USER", defaultValue = "${env:UDPM_KAFKA_SASL_USERNAME}",
            description = "SCRAM-SHA-512 user (env UDPM_KAFKA_SASL_USERNAME); its password comes from env "
                    + ENV_SASL_PASSWORD + " or --kafka-sasl-password-file.")
    String kafkaSaslUsername;

    @Option(names = "--kafka-sasl-password-file", paramLabel = "FILE",
            defaultValue = "${env:UDPM_KAFKA_SASL_PASSWORD_FILE}",
            description = "File holding the SASL password, e.g. a mounted KafkaUser Secret (env"
                    + " UDPM_KAFKA_SASL_PASSWORD_FILE; else env " + ENV_SASL_PASSWORD + ").")
    Path kafkaSaslPasswordFile;

    @Option(names = {"--kafka-truststore", "--kafka-ca-file"}, paramLabel = "FILE",
            defaultValue = "${env:UDPM_KAFKA_TRUSTSTORE}",
            description = "CA certificates to trust for TLS: a PEM file (the cluster CA's ca.crt) or a .p12/.jks store"
                    + " (env UDPM_KAFKA_TRUSTSTORE; default: the JVM's trust store).")
    Path kafkaTruststore;

    @Option(names = "--kafka-truststore-password-file", paramLabel = "FILE",
            defaultValue = "${env:UDPM_KAFKA_TRUSTSTORE_PASSWORD_FILE}",
            description = "File holding a .p12/.jks truststore's password (env UDPM_KAFKA_TRUSTSTORE_PASSWORD_FILE;"
                    + " else env " + ENV_TRUSTSTORE_PASSWORD + ").")
    Path kafkaTruststorePasswordFile;

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

    /**
     * The Kafka client of these options: their address, timeout and security, {@code ce_source} {@value #CE_SOURCE},
     * and a check that something listens before each connection.
     *
     * @throws CliException {@link ExitCodes#INVALID_INPUT} naming the option when the security settings do not fit
     */
    public FleetKafka kafka() {
        return new FleetKafka(kafkaSettings(System.getenv()), CE_SOURCE, this::requireKafka);
    }

    /** The Kafka settings, passwords read from {@code env} or the files the options name. */
    KafkaSettings kafkaSettings(Map<String, String> env) {
        try {
            Secret password = null;
            if (kafkaSaslPasswordFile != null) {
                password = Secret.fromFile(kafkaSaslPasswordFile);
            } else if (notBlank(env.get(ENV_SASL_PASSWORD))) {
                password = Secret.of(env.get(ENV_SASL_PASSWORD));
            }
            Secret truststorePassword = null;
            if (kafkaTruststorePasswordFile != null) {
                truststorePassword = Secret.fromFile(kafkaTruststorePasswordFile);
            } else if (notBlank(env.get(ENV_TRUSTSTORE_PASSWORD))) {
                truststorePassword = Secret.of(env.get(ENV_TRUSTSTORE_PASSWORD));
            }
            String user = notBlank(kafkaSaslUsername) ? kafkaSaslUsername : null;
            if (kafkaSecurityProtocol == KafkaSecurity.Protocol.SASL_SSL
                    || kafkaSecurityProtocol == KafkaSecurity.Protocol.SASL_PLAINTEXT) {
                if (user == null) {
                    throw new IllegalArgumentException("--kafka-security-protocol " + kafkaSecurityProtocol
                            + " needs --kafka-sasl-username (or UDPM_KAFKA_SASL_USERNAME)");
                }
                if (password == null) {
                    throw new IllegalArgumentException("--kafka-security-protocol " + kafkaSecurityProtocol
                            + " needs the SASL password in " + ENV_SASL_PASSWORD + " or --kafka-sasl-password-file");
                }
            } else if (user != null || kafkaSaslPasswordFile != null) {
                throw new IllegalArgumentException("--kafka-sasl-username and --kafka-sasl-password-file need"
                        + " --kafka-security-protocol SASL_SSL (got " + kafkaSecurityProtocol + ")");
            } else {
                password = null; // a password in the environment is only used with SASL
            }
            KafkaSecurity security = new KafkaSecurity(kafkaSecurityProtocol, user, password, kafkaTruststore,
                    truststorePassword);
            return new KafkaSettings(bootstrapServers, connectTimeout, "udpm-cli", security);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, "Kafka security: " + e.getMessage());
        }
    }

    /** Lines to {@code w}, each flushed (warnings of the client library). */
    static Consumer<String> lines(PrintWriter w) {
        return line -> {
            w.println(line);
            w.flush();
        };
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
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
