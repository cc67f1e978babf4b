package dev.udpm.deploy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ConfigMappingScannerTest {

    private static final String MAPPING = """
            package x;
            /** Not code: @ConfigMapping(prefix = "javadoc.only") and {@code int fake();} */
            @ConfigMapping(prefix = "udpm.demo")
            public interface DemoConfig {
                /** {@code udpm.demo.max-in-flight-jobs}. */
                @WithDefault("32")
                int maxInFlightJobs();

                @WithDefault("${java.io.tmpdir}/cache")
                java.nio.file.Path cacheDir();

                @WithName("renamed-key")
                Optional<List<String>> original();

                Map<String, String> labels();

                // int commentedOut();
                default String derived() {
                    return cacheDir() + "/" + labels();
                }
            }
            """;

    @Test
    void accessorsBecomePrefixedKebabKeysWithTheirDefaults() {
        List<ConfigKey> keys = ConfigMappingScanner.scanSource(MAPPING, "DemoConfig.java");
        assertEquals(List.of("udpm.demo.max-in-flight-jobs", "udpm.demo.cache-dir", "udpm.demo.renamed-key",
                "udpm.demo.labels"), keys.stream().map(ConfigKey::name).toList(),
                "comments, default methods and the calls inside them are not accessors");
        assertEquals(Optional.of("32"), keys.get(0).defaultValue());
        assertEquals(Optional.of("${java.io.tmpdir}/cache"), keys.get(1).defaultValue());
        assertTrue(keys.get(3).isPrefix(), "a Map accessor is a prefix of keys");
        assertTrue(keys.get(3).acceptsEnv("UDPM_DEMO_LABELS_TEAM"));
    }

    @Test
    void injectedPropertiesAreKeysToo() {
        List<ConfigKey> keys = ConfigMappingScanner.scanSource(
                "class A { @ConfigProperty(name = \"a.b-c\", defaultValue = \"7\") int x; }", "A.java");
        assertEquals(List.of(new ConfigKey("a.b-c", Optional.of("7"), false, "A.java")), keys);
    }

    @Test
    void nestedConfigGroupsAreRefusedRatherThanMisread() {
        String nested = "@ConfigMapping(prefix = \"p\") interface Outer { Inner inner(); interface Inner { int x(); } }";
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConfigMappingScanner.scanSource(nested, "Outer.java"));
        assertTrue(e.getMessage().contains("Outer.java") && e.getMessage().contains("nested"), e.getMessage());
    }

    @Test
    void kebabCaseFollowsSmallRyesNamingStrategy() {
        assertEquals("max-in-flight-jobs", ConfigMappingScanner.kebab("maxInFlightJobs"));
        assertEquals("endpoint", ConfigMappingScanner.kebab("endpoint"));
    }

    @Test
    void environmentNamesFollowQuarkusRules() {
        assertEquals("UDPM_STORAGE_ACCESS_KEY", EnvNames.of("udpm.storage.access-key"));
        assertEquals("KAFKA_BOOTSTRAP_SERVERS", EnvNames.of("kafka.bootstrap.servers"));
        assertEquals("QUARKUS_LOG_CATEGORY__ORG_APACHE_KAFKA__LEVEL",
                EnvNames.of("quarkus.log.category.\"org.apache.kafka\".level"));
    }
}
