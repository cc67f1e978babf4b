package dev.udpm.worker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {

    private final ApiKeyAuthenticator auth = new ApiKeyAuthenticator(true, List.of("alpha", " beta ", ""));

    @Test
    void bearerTokenOrApiKeyHeaderWithAConfiguredKeyPasses() {
        assertEquals(Optional.empty(), auth.refusal("Bearer alpha", null));
        assertEquals(Optional.empty(), auth.refusal("bearer beta", null), "scheme is case-insensitive, keys trimmed");
        assertEquals(Optional.empty(), auth.refusal(null, "beta"));
        assertEquals(Optional.empty(), auth.refusal("Bearer wrong", "alpha"), "the API-key header is checked first");
    }

    @Test
    void missingWrongOrMalformedCredentialsAreRefusedWithAReason() {
        assertTrue(auth.refusal(null, null).orElseThrow().startsWith("credentials required"));
        assertTrue(auth.refusal("Bearer ", null).orElseThrow().startsWith("credentials required"));
        assertEquals("the key presented is not valid", auth.refusal("Bearer alph", null).orElseThrow());
        assertEquals("the key presented is not valid", auth.refusal(null, "alphaa").orElseThrow());
        assertEquals("the Authorization header must be 'Bearer <key>'",
                auth.refusal("Basic YWxwaGE6", null).orElseThrow());
        assertTrue(auth.refusal("Bearer ", "").isPresent(), "a blank key is never valid");
    }

    @Test
    void noConfiguredKeysRefusesEverythingAndDisabledAcceptsEverything() {
        ApiKeyAuthenticator none = new ApiKeyAuthenticator(true, List.of(" "));
        assertTrue(none.lockedOut());
        assertTrue(none.refusal("Bearer anything", null).orElseThrow().contains("udpm.worker.api.keys"));

        ApiKeyAuthenticator off = new ApiKeyAuthenticator(false, List.of());
        assertFalse(off.lockedOut());
        assertEquals(Optional.empty(), off.refusal(null, null));
    }
}
