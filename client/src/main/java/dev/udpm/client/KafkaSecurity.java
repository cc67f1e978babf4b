package dev.udpm.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a client authenticates to the brokers and whom it trusts: plain (the local fleet), TLS, or SASL
 * {@code SCRAM-SHA-512} over TLS (the production listener of {@code deploy/kubernetes}: Strimzi's TLS listener on
 * 9093 with {@code authentication: scram-sha-512}, a KafkaUser's password in its Secret, the cluster CA certificate in
 * {@code <cluster>-cluster-ca-cert}).
 *
 * @param protocol           {@code security.protocol}
 * @param username           SASL user ({@code SASL_*} only), else null
 * @param password           SASL password ({@code SASL_*} only), else null
 * @param truststore         the CA to trust for TLS ({@code SSL}, {@code SASL_SSL}): a PEM file of certificates
 *                           ({@code .pem}/{@code .crt}), a PKCS12 ({@code .p12}/{@code .pfx}) or JKS ({@code .jks})
 *                           store; null = the JVM's default trust store
 * @param truststorePassword the store's password (PKCS12/JKS), or null
 */
public record KafkaSecurity(Protocol protocol, String username, Secret password, Path truststore,
                            Secret truststorePassword) {

    /** The SASL mechanism of the fleet's secured listener. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    /** Kafka's {@code security.protocol} values a client of the fleet uses. */
    public enum Protocol {
        PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL;

        boolean sasl() {
            return this == SASL_PLAINTEXT || this == SASL_SSL;
        }

        boolean tls() {
            return this == SSL || this == SASL_SSL;
        }
    }

    /**
     * @throws IllegalArgumentException naming what is missing or does not fit the protocol
     */
    public KafkaSecurity {
        if (protocol == null) {
            throw new IllegalArgumentException("a Kafka security protocol is required");
        }
        if (protocol.sasl() && (username == null || username.isBlank() || password == null)) {
            throw new IllegalArgumentException("security protocol " + protocol + " needs a SASL user name and password");
        }
        if (!protocol.sasl() && (username != null || password != null)) {
            throw new IllegalArgumentException("a SASL user name or password was given, but security protocol "
                    + protocol + " does not use SASL (use SASL_SSL)");
        }
        if (!protocol.tls() && truststore != null) {
            throw new IllegalArgumentException("a truststore was given, but security protocol " + protocol
                    + " does not use TLS (use SSL or SASL_SSL)");
        }
        if (truststore != null && !Files.isReadable(truststore)) {
            throw new IllegalArgumentException("the truststore " + truststore + " is not a readable file");
        }
    }

    /** No security: the local fleet's plain listener. */
    public static KafkaSecurity plaintext() {
        return new KafkaSecurity(Protocol.PLAINTEXT, null, null, null, null);
    }

    /** SCRAM-SHA-512 over TLS, trusting {@code caFile} (PEM), as production's listener wants. */
    public static KafkaSecurity scramOverTls(String username, Secret password, Path caFile) {
        return new KafkaSecurity(Protocol.SASL_SSL, username, password, caFile, null);
    }

    /** The client properties (producer, consumer, admin) this security adds. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put("security.protocol", protocol.name());
        if (protocol.sasl()) {
            props.put("sasl.mechanism", MECHANISM);
            props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + jaasQuoted(username) + "\" password=\"" + jaasQuoted(password.reveal()) + "\";");
        }
        if (truststore != null) {
            props.put("ssl.truststore.location", truststore.toString());
            props.put("ssl.truststore.type", truststoreType(truststore));
            if (truststorePassword != null) {
                props.put("ssl.truststore.password", truststorePassword.reveal());
            }
        }
        return props;
    }

    /** {@code PEM}, {@code PKCS12} or {@code JKS} from the file name (a PEM file when it is not a known store). */
    static String truststoreType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            return "PKCS12";
        }
        return name.endsWith(".jks") ? "JKS" : "PEM";
    }

    /** A value inside a JAAS double-quoted string: backslash and quote escaped. */
    private static String jaasQuoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        return protocol + (protocol.sasl() ? " " + MECHANISM + " user " + username : "")
                + (truststore == null ? "" : " trusting " + truststore);
    }
}
