package dev.udpm.embedded;

import java.util.HashMap;
import java.util.Map;

/**
 * A second client listener for {@link EmbeddedKafka}, secured as production is: {@code SASL_SSL} with
 * {@code SCRAM-SHA-512} (Strimzi's {@code tls: true} listener with {@code authentication: scram-sha-512}).
 * The broker presents {@link #tls()}'s self-signed certificate; users are added with
 * {@link EmbeddedKafka#addScramUser}. The plain listener stays for the test harness (topic creation, users,
 * ACLs), which connects as {@code User:ANONYMOUS}.
 *
 * @param tls         the broker's key store and the certificate clients trust
 * @param enforceAcls whether the broker authorizes requests ({@code StandardAuthorizer}, nothing allowed
 *                    without an ACL; the plain listener's {@code User:ANONYMOUS} is a super user)
 */
public record SaslSslListener(SelfSignedTls tls, boolean enforceAcls) {

    /** The listener name in the broker's configuration. */
    static final String NAME = "SASL_SSL";
    /** The only SASL mechanism the listener enables. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    /** The broker properties this listener adds (listener list, protocol map and advertised listeners aside). */
    Map<String, Object> brokerProperties() {
        String prefix = "listener.name." + NAME.toLowerCase(java.util.Locale.ROOT) + ".";
        Map<String, Object> props = new HashMap<>();
        props.put("sasl.enabled.mechanisms", MECHANISM);
        props.put(prefix + MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.put(prefix + "ssl.keystore.type", "PKCS12");
        props.put(prefix + "ssl.keystore.location", tls.keyStore().toString());
        props.put(prefix + "ssl.keystore.password", tls.keyStorePassword());
        props.put(prefix + "ssl.key.password", tls.keyStorePassword());
        if (enforceAcls) {
            props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            props.put("super.users", "User:ANONYMOUS");
            props.put("allow.everyone.if.no.acl.found", "false");
        }
        return props;
    }

    /**
     * Client properties (producer, consumer, admin) for {@code user} on this listener at {@code bootstrap}: the
     * same keys the services read in production ({@code kafka.security.protocol}, {@code kafka.sasl.*},
     * {@code kafka.ssl.truststore.*} without the {@code kafka.} prefix).
     */
    public Map<String, Object> clientProperties(String bootstrap, String user, String password) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", MECHANISM);
        props.put("sasl.jaas.config", jaasConfig(user, password));
        props.put("ssl.truststore.type", "PEM");
        props.put("ssl.truststore.location", tls.certificatePem().toString());
        return props;
    }

    /** The client's {@code sasl.jaas.config} for a SCRAM user (what Strimzi puts in a KafkaUser's Secret). */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }
}
