package dev.udpm.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.udpm.schemas.model.ModelStatus;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static final ModelStatus STATUS = new ModelStatus("m", "v1", ModelStatus.Status.UNLOADED, null, "w",
            Instant.parse("2025-06-01T12:00:00.250Z"));
    private static final String STATUS_JSON =
            "{\"modelName\":\"m\",\"version\":\"v1\",\"status\":\"unloaded\",\"workerId\":\"w\","
                    + "\"time\":\"2025-06-01T12:00:00.250Z\"}";

    @Test
    void writesIsoDatesAndLeavesNullsOut() {
        assertEquals(STATUS_JSON, Json.write(STATUS));
    }

    @Test
    void keepsNullsInsideFreeMaps() {
        java.util.Map<String, Object> network = new java.util.LinkedHashMap<>();
        network.put("dropout", null);
        network.put("channels", 64);
        assertEquals("{\"dropout\":null,\"channels\":64}", Json.write(network));
    }

    @Test
    void readsOffsetsAsTheSameInstant() {
        ModelStatus read = Json.read(STATUS_JSON.replace("12:00:00.250Z", "14:00:00.250+02:00"), ModelStatus.class);
        assertEquals(STATUS.time(), read.time());
    }

    @Test
    void rejectsTrailingTokens() {
        assertThrows(UncheckedIOException.class, () -> Json.read(STATUS_JSON + " {}", ModelStatus.class));
    }

    @Test
    void configureGivesAnyMapperTheSameBehaviour() throws Exception {
        ObjectMapper own = Json.configure(new ObjectMapper());
        assertEquals(STATUS_JSON, own.writeValueAsString(STATUS));
        assertNotSame(Json.mapper(), Json.newMapper());
        assertSame(Json.mapper(), Json.mapper());
        assertEquals(STATUS_JSON, Json.newMapper().writeValueAsString(STATUS));
    }
}
