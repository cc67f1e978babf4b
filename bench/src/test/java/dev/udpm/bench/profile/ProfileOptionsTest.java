package dev.udpm.bench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProfileOptionsTest {

    @Test
    void defaultsProfileTheWorkersBatchAndOneImageWithEveryVariant() {
        ProfileOptions o = ProfileOptions.parse();
        assertEquals(List.of(16, 1), o.batches());
        assertEquals(SessionVariant.names(), o.variants());
        assertEquals("default", o.variants().get(0));
        assertFalse(o.torch());
        assertTrue(o.model().endsWith(Path.of("models", "fashion-mnist")));
    }

    @Test
    void parsesEveryOption() {
        ProfileOptions o = ProfileOptions.parse("--model", "/m", "--batches", "8,2", "--traces", "2", "--warmup", "0",
                "--rounds", "0", "--variants", "xla-jit", "--torch", "--python", "/p", "--seed", "7", "--markdown", "/r.md");
        assertEquals(Path.of("/m"), o.model());
        assertEquals(List.of(8, 2), o.batches());
        assertEquals(2, o.traces());
        assertEquals(0, o.warmup());
        assertEquals(0, o.rounds());
        assertEquals(List.of("xla-jit"), o.variants());
        assertTrue(o.torch());
        assertEquals("/p", o.python());
        assertEquals(7, o.seed());
        assertEquals(Path.of("/r.md"), o.markdown().orElseThrow());
    }

    @Test
    void badArgumentsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProfileOptions.parse("--variants", "fast"))
                .getMessage().contains("'fast'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProfileOptions.parse("--batches", "16,0"))
                .getMessage().contains("--batches"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProfileOptions.parse("--traces"))
                .getMessage().contains("--traces"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProfileOptions.parse("--frobnicate", "1"))
                .getMessage().contains("--frobnicate"));
    }
}
