package dev.udpm.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

class StorageConfigTest {

    @Test
    void defaultsReachAStockLocalMinio() {
        StorageConfig config = mapping(Map.of());
        assertEquals("http://127.0.0.1:9000", config.endpoint());
        assertEquals("us-east-1", config.region());
        assertEquals("minioadmin", config.accessKey());
        assertEquals("minioadmin", config.secretKey());
        assertEquals("udpm", config.bucket());
        assertEquals(Duration.ofHours(1), config.presignExpiry());
        assertEquals(Duration.ofSeconds(10), config.healthInterval());
        assertEquals(StorageSettings.DEFAULT_HEALTH_INTERVAL, config.healthInterval());
        assertEquals(List.of(), StorageConfigValidation.problems(config));
    }

    @Test
    void kebabCaseKeysUnderUdpmStorageOverrideTheDefaults() {
        StorageConfig config = mapping(Map.of(
                "udpm.storage.endpoint", "https://s3.example.org",
                "udpm.storage.region", "eu-west-1",
                "udpm.storage.access-key", "AK",
                "udpm.storage.secret-key", "SK",
                "udpm.storage.bucket", "fleet-images",
                "udpm.storage.presign-expiry", "PT15M",
                "udpm.storage.health-interval", "PT5S"));
        assertEquals("https://s3.example.org", config.endpoint());
        assertEquals("eu-west-1", config.region());
        assertEquals("AK", config.accessKey());
        assertEquals("SK", config.secretKey());
        assertEquals("fleet-images", config.bucket());
        assertEquals(Duration.ofMinutes(15), config.presignExpiry());
        assertEquals(Duration.ofSeconds(5), config.healthInterval());
    }

    @Test
    void validationNamesEveryBadPropertyAndItsValue() {
        StorageConfig config = mapping(Map.of(
                "udpm.storage.endpoint", "ftp://host/path",
                "udpm.storage.bucket", "Bad_Bucket",
                "udpm.storage.presign-expiry", "P8D",
                "udpm.storage.health-interval", "PT2M",
                "udpm.storage.secret-key", " "));
        List<String> problems = StorageConfigValidation.problems(config);
        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("udpm.storage.endpoint='ftp://host/path' is not a bare http(s) URL"));
        assertTrue(problems.get(1).startsWith("udpm.storage.secret-key is blank"));
        assertTrue(problems.get(2).startsWith("udpm.storage.bucket='Bad_Bucket' is not a valid S3 bucket name"));
        assertTrue(problems.get(3).startsWith("udpm.storage.presign-expiry=PT192H is out of range"));
        assertTrue(problems.get(4).startsWith("udpm.storage.health-interval=PT2M is out of range"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObjectStore.connect(config));
        assertTrue(e.getMessage().startsWith("invalid object-store configuration: udpm.storage.endpoint="),
                e.getMessage());
    }

    @Test
    void endpointWithAPathOrWithoutHostIsRejectedButAPortIsFine() {
        assertEquals(1, StorageConfigValidation.problems(
                mapping(Map.of("udpm.storage.endpoint", "http://minio:9000/udpm"))).size());
        assertEquals(1, StorageConfigValidation.problems(
                mapping(Map.of("udpm.storage.endpoint", "http:///nohost"))).size());
        assertEquals(List.of(), StorageConfigValidation.problems(
                mapping(Map.of("udpm.storage.endpoint", "http://minio.udpm.svc:9000/"))));
    }

    static StorageConfig mapping(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(StorageConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(StorageConfig.class);
    }
}
