package dev.udpm.storage.quarkus;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

/** Start-up refuses the deployment's placeholder secrets outside the local, dev and test profiles. */
class PlaceholderSecretsTest {

    private static final Map<String, String> PLACEHOLDERS = Map.of(
            "udpm.storage.secret-key", "CHANGE-ME",
            "udpm.worker.api.keys", "CHANGE-ME",
            "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"udpm-worker\" password=\"CHANGE-ME\";",
            "udpm.storage.access-key", "udpm-app",
            "kafka.bootstrap.servers", "udpm-kafka-bootstrap.udpm.svc:9093");

    @Test
    void inProductionEveryKeyHoldingThePlaceholderIsNamedAndNoValueIsShown() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PlaceholderSecrets.check(config("prod", PLACEHOLDERS)));
        assertTrue(e.getMessage().startsWith("Refusing to start: the configuration still holds the placeholder "
                + "CHANGE-ME in kafka.sasl.jaas.config, udpm.storage.secret-key, udpm.worker.api.keys."), e.getMessage());
        assertFalse(e.getMessage().contains("udpm-worker\""), "values are never shown: " + e.getMessage());
        assertFalse(e.getMessage().contains("udpm.storage.access-key"), e.getMessage());
    }

    @Test
    void realValuesPass() {
        assertDoesNotThrow(() -> PlaceholderSecrets.check(config("prod", Map.of(
                "udpm.storage.secret-key", "7d1c0b5e9a", "udpm.worker.api.keys", "k1,k2"))));
        assertEquals(List.of(), PlaceholderSecrets.keysHoldingThePlaceholder(config("prod", Map.of(
                "udpm.storage.secret-key", "change-me-not"))));
    }

    @Test
    void theLocalDevAndTestProfilesAreExempt() {
        for (String profile : List.of("local", "dev", "test")) {
            assertDoesNotThrow(() -> PlaceholderSecrets.check(config(profile, PLACEHOLDERS)), profile);
        }
    }

    private static SmallRyeConfig config(String profile, Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
    }
}
