package dev.udpm.storage.quarkus;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.smallrye.config.SmallRyeConfig;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to run with a placeholder secret: the deployment's Secrets ship with the value {@value #PLACEHOLDER}
 * (object-store secret key, REST API keys, MinIO certificate, or a Kafka password written into
 * {@code kafka.sasl.jaas.config}), and a service started with one would run with a known password. Every
 * configuration value (application.properties, system properties, environment) is checked; the error names the
 * keys, never the values. The local, dev and test profiles are exempt (they never use the deployment's Secrets).
 */
public final class PlaceholderSecrets {

    /** The placeholder value of deploy/kubernetes' Secrets. */
    public static final String PLACEHOLDER = "CHANGE-ME";
    /** Profiles in which placeholders are not checked. */
    static final Set<String> EXEMPT_PROFILES = Set.of("local", "dev", "test");

    private PlaceholderSecrets() {
    }

    /** The names of the configuration properties whose value contains {@value #PLACEHOLDER}, sorted. */
    public static List<String> keysHoldingThePlaceholder(Config config) {
        Set<String> keys = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            String value;
            try {
                value = config.getConfigValue(name).getValue();
            } catch (RuntimeException e) {
                continue; // an expression that does not resolve is another check's business
            }
            if (value != null && value.contains(PLACEHOLDER)) {
                keys.add(name);
            }
        }
        return List.copyOf(keys);
    }

    /**
     * @throws IllegalStateException naming every key that still holds {@value #PLACEHOLDER}, unless one of the
     *                               active profiles is exempt
     */
    public static void check(Config config) {
        List<String> profiles = config.unwrap(SmallRyeConfig.class).getProfiles();
        if (profiles.stream().anyMatch(EXEMPT_PROFILES::contains)) {
            return;
        }
        List<String> keys = keysHoldingThePlaceholder(config);
        if (!keys.isEmpty()) {
            throw new IllegalStateException("Refusing to start: the configuration still holds the placeholder "
                    + PLACEHOLDER + " in " + String.join(", ", keys) + ". Replace the placeholder Secrets with real"
                    + " values (docs/kubernetes.md, \"Secrets\") and restart.");
        }
    }
}
