package dev.udpm.schemas.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.MessageKind;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.validation.ContractValidator;
import org.junit.jupiter.api.Test;

class ModelRolloutTest {

    private static final QualityGate GATE = QualityGate.DEFAULT;

    private static ModelPublished version(String v, Map<String, Double> metrics) {
        return new ModelPublished("m", v, new ModelPublished.Location("udpm-models", ObjectKeys.modelPrefix("m", v)),
                Integer.toHexString(v.hashCode()).repeat(64).substring(0, 64).replaceAll("[^0-9a-f]", "0"),
                Instant.parse("2026-12-01T00:00:00Z"), metrics, "version " + v);
    }

    private static ModelPublished roundTrip(ModelPublished published) {
        return ContractValidator.shared().parseModelPublished(Json.write(published));
    }

    @Test
    void canaryThenPromote() {
        ModelPublished v1 = version("v1", Map.of("casRatio", 0.90, "fdIndependent", 10.0));
        ModelPublished v2 = version("v2", Map.of("casRatio", 0.92, "fdIndependent", 9.0));
        ModelPublished canary = roundTrip(ModelRollout.canary(v1, v2, 10, GATE, false));
        assertEquals("v1", canary.version());
        assertEquals(v1.manifestSha256(), canary.manifestSha256());
        assertEquals("v2", canary.canary().version());
        assertEquals(v2.manifestSha256(), canary.canary().manifestSha256());
        assertEquals(10, canary.canary().percent());
        assertEquals(ModelPublished.Rollout.CANARY, canary.rollout());

        ModelPublished promoted = roundTrip(ModelRollout.promote(canary, GATE, false));
        assertEquals("v2", promoted.version());
        assertEquals(v2.manifestSha256(), promoted.manifestSha256());
        assertEquals(v2.location(), promoted.location());
        assertNull(promoted.canary());
        assertEquals(ModelPublished.Rollout.PROMOTE, promoted.rollout());
    }

    @Test
    void rollbackDropsTheCanaryOrMovesTheLatestBack() {
        ModelPublished v1 = version("v1", Map.of());
        ModelPublished v2 = version("v2", Map.of());
        ModelPublished canary = ModelRollout.canary(v1, v2, 25, GATE, false);
        ModelPublished dropped = roundTrip(ModelRollout.dropCanary(canary));
        assertEquals("v1", dropped.version());
        assertNull(dropped.canary());
        assertEquals(ModelPublished.Rollout.ROLLBACK, dropped.rollout());

        ModelPublished back = roundTrip(ModelRollout.rollbackTo(canary.withCanary(null, null).latestOnly(), v2));
        assertEquals("v2", back.version());
        ModelPublished moved = roundTrip(ModelRollout.rollbackTo(version("v3", Map.of()).withCanary(
                ModelPublished.Canary.of(v2, 5), ModelPublished.Rollout.CANARY), v1));
        assertEquals("v1", moved.version());
        assertNull(moved.canary(), "a rollback to a version drops the canary too");
    }

    @Test
    void stepsThatDoNotFitTheStateAreRefusedClearly() {
        ModelPublished v1 = version("v1", Map.of());
        RolloutRefusedException noCanary = assertThrows(RolloutRefusedException.class,
                () -> ModelRollout.promote(v1, GATE, false));
        assertEquals(RolloutRefusedException.Reason.CONFLICT, noCanary.reason());
        assertTrue(noCanary.getMessage().contains("no canary to promote"), noCanary.getMessage());
        assertTrue(assertThrows(RolloutRefusedException.class, () -> ModelRollout.dropCanary(v1)).getMessage()
                .contains("no canary to roll back"));
        assertTrue(assertThrows(RolloutRefusedException.class, () -> ModelRollout.canary(v1, v1, 10, GATE, false))
                .getMessage().contains("already the latest"));
        assertTrue(assertThrows(RolloutRefusedException.class, () -> ModelRollout.rollbackTo(v1, v1))
                .getMessage().contains("already the latest"));
        for (int percent : new int[] {0, 100, -5}) {
            assertTrue(assertThrows(RolloutRefusedException.class, () -> ModelRollout.canary(v1,
                    version("v2", Map.of()), percent, GATE, false)).getMessage().contains("1..99"));
        }
        ModelPublished other = new ModelPublished("other", "v9", v1.location(), v1.manifestSha256(), v1.created(),
                Map.of(), null);
        assertThrows(IllegalArgumentException.class, () -> ModelRollout.canary(v1, other, 10, GATE, false));
    }

    @Test
    void aWorseEvaluationIsRefusedNamingTheMetricUnlessForced() {
        ModelPublished v1 = version("v1", Map.of("casRatio", 0.90, "fdIndependent", 10.0));
        ModelPublished casDrop = version("v2", Map.of("casRatio", 0.80, "fdIndependent", 10.0));
        RolloutRefusedException refused = assertThrows(RolloutRefusedException.class,
                () -> ModelRollout.canary(v1, casDrop, 10, GATE, false));
        assertEquals(RolloutRefusedException.Reason.QUALITY, refused.reason());
        assertTrue(refused.getMessage().contains("casRatio 0.8000 is below the latest's 0.9000"), refused.getMessage());
        assertTrue(refused.getMessage().contains("--force"), refused.getMessage());
        assertEquals("v2", ModelRollout.canary(v1, casDrop, 10, GATE, true).canary().version(), "forced");

        ModelPublished fdRise = version("v3", Map.of("casRatio", 0.90, "fdIndependent", 11.5));
        String fd = assertThrows(RolloutRefusedException.class, () -> ModelRollout.canary(v1, fdRise, 10, GATE,
                false)).getMessage();
        assertTrue(fd.contains("fdIndependent 11.5000 is above the latest's 10.0000"), fd);
        // within the margins: 0.86 >= 0.90 - 0.05 and 10.9 <= 10 * 1.1
        ModelRollout.canary(v1, version("v4", Map.of("casRatio", 0.86, "fdIndependent", 10.9)), 10, GATE, false);
        // a metric only one side has is not compared
        ModelRollout.canary(v1, version("v5", Map.of("fid", 99.0)), 10, GATE, false);

        // promote checks again (the margins may have been tightened, or the canary was forced)
        ModelPublished forced = ModelRollout.canary(v1, casDrop, 10, GATE, true);
        assertThrows(RolloutRefusedException.class, () -> ModelRollout.promote(forced, GATE, false));
        assertEquals("v2", ModelRollout.promote(forced, GATE, true).version());
        // a rollback is never gated
        assertEquals("v1", ModelRollout.rollbackTo(casDrop, v1).version());
        assertEquals("v2", ModelRollout.rollbackTo(v1, casDrop).version());
    }

    @Test
    void aStoredVersionIsReadThroughTheReaderAndRefusedWhenMissingOrNotItsManifest() throws Exception {
        byte[] manifest = Files.readAllBytes(Path.of("examples/valid/model-manifest.json"));
        String name = "cifar10-udpm";
        String version = "2025-05-30.1";
        String key = ModelManifest.keyOf(name, version);

        ModelPublished stored = ModelRollout.storedVersion(name, version, "b", k -> k.equals(key)
                ? Optional.of(manifest) : Optional.empty());
        assertEquals(version, stored.version());
        assertEquals(ObjectKeys.modelPrefix(name, version), stored.location().prefix());

        RolloutRefusedException missing = assertThrows(RolloutRefusedException.class,
                () -> ModelRollout.storedVersion(name, "v9", "b", k -> Optional.empty()));
        assertEquals(RolloutRefusedException.Reason.NOT_STORED, missing.reason());
        assertTrue(missing.getMessage().contains(ModelManifest.keyOf(name, "v9") + " does not exist in bucket 'b'"),
                missing.getMessage());

        RolloutRefusedException garbage = assertThrows(RolloutRefusedException.class,
                () -> ModelRollout.storedVersion(name, version, "b", k -> Optional.of("{}".getBytes())));
        assertEquals(RolloutRefusedException.Reason.INVALID_MANIFEST, garbage.reason());
        assertTrue(garbage.getMessage().contains("is not a valid model manifest"), garbage.getMessage());

        RolloutRefusedException other = assertThrows(RolloutRefusedException.class,
                () -> ModelRollout.storedVersion(name, "v2", "b", k -> Optional.of(manifest)));
        assertEquals(RolloutRefusedException.Reason.INVALID_MANIFEST, other.reason(), "a manifest of another version");
    }

    @Test
    void gateMarginsMustBeSane() {
        assertThrows(IllegalArgumentException.class, () -> new QualityGate(-0.1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new QualityGate(0.1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new QualityGate(Double.POSITIVE_INFINITY, 0.1));
    }

    @Test
    void announcementsWithoutCanaryStillParseAndWriteTheSameJson() throws Exception {
        String old = "{\"name\":\"m\",\"version\":\"v1\",\"location\":{\"bucket\":\"udpm-models\",\"prefix\":"
                + "\"models/m/v1/\"},\"manifestSha256\":\"" + "a".repeat(64) + "\",\"created\":"
                + "\"2026-12-01T00:00:00Z\",\"metrics\":{}}";
        ModelPublished parsed = ContractValidator.shared().parseModelPublished(old);
        assertNull(parsed.canary());
        assertNull(parsed.rollout());
        assertEquals(Json.mapper().readTree(old), Json.mapper().valueToTree(parsed));
        assertTrue(ContractValidator.shared().validate(MessageKind.MODEL_PUBLISHED,
                old.replace("\"metrics\":{}", "\"metrics\":{},\"canary\":{\"version\":\"v2\"}"))
                .has("/canary/percent", "required"));
    }
}
