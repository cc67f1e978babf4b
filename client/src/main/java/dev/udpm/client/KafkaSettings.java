package dev.udpm.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the fleet's brokers are and how to talk to them.
 *
 * @param bootstrapServers {@code host:port[,...]}
 * @param connectTimeout   how long a connection may take; requests may take 7 s more ({@link #answerTimeout()})
 * @param clientId         Kafka {@code client.id} (shows in broker logs and quotas)
 * @param security         plain, TLS or SCRAM over TLS
 */
public record KafkaSettings(String bootstrapServers, Duration connectTimeout, String clientId,
                            KafkaSecurity security) {

    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers are required");
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("the connect timeout must be positive, got " + connectTimeout);
        }
        clientId = clientId == null ? "udpm-client" : clientId;
        security = security == null ? KafkaSecurity.plaintext() : security;
    }

    /** A plain connection to {@code bootstrapServers} with the default timeout. */
    public static KafkaSettings plain(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, DEFAULT_CONNECT_TIMEOUT, null, null);
    }

    /** How long a request to a broker that accepted the connection may take: the connect timeout plus 7 s. */
    public Duration answerTimeout() {
        return connectTimeout.plusSeconds(7);
    }

    /** Properties every client (producer, consumer, admin) shares: address, id, timeouts, security. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>(security.clientProperties());
        props.put("bootstrap.servers", bootstrapServers);
        props.put("client.id", clientId);
        props.put("socket.connection.setup.timeout.ms", connectTimeout.toMillis());
        props.put("socket.connection.setup.timeout.max.ms", connectTimeout.toMillis());
        props.put("reconnect.backoff.max.ms", 1000L);
        return props;
    }
}
