package dev.udpm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {

    private final ApiKeyAuthenticator auth = new ApiKeyAuthenticator(true, List.of("alpha", " beta ", ""),
            List.of("acme:acme-key", " globex : globex-key ", ""), "udpm.test.api");

    @Test
    void bearerTokenOrApiKeyHeaderWithAConfiguredKeyPasses() {
        assertEquals(Optional.empty(), auth.refusal("Bearer alpha", null));
        assertEquals(Optional.empty(), auth.refusal("bearer beta", null), "scheme is case-insensitive, keys trimmed");
        assertEquals(Optional.empty(), auth.refusal(null, "beta"));
        assertEquals(Optional.empty(), auth.refusal("Bearer wrong", "alpha"), "the API-key header is checked first");
    }

    @Test
    void adminKeysGiveAnAdminAndTenantKeysTheirTenant() {
        assertTrue(auth.authenticate("Bearer alpha", null).caller().isAdmin());
        ApiCaller acme = auth.authenticate(null, "acme-key").caller();
        assertEquals("acme", acme.tenant());
        assertTrue(acme.mayAccess("acme"));
        assertFalse(acme.mayAccess("globex"));
        assertFalse(acme.mayAccess(null), "a job without tenant is for admins only");
        assertEquals("globex", auth.authenticate("Bearer globex-key", null).caller().tenant());
        assertTrue(ApiCaller.admin().mayAccess(null));
        assertTrue(ApiCaller.admin().mayAccess("acme"));
    }

    @Test
    void missingWrongOrMalformedCredentialsAreRefusedWithAReason() {
        assertTrue(auth.refusal(null, null).orElseThrow().startsWith("credentials required"));
        assertTrue(auth.refusal("Bearer ", null).orElseThrow().startsWith("credentials required"));
        assertEquals("the key presented is not valid", auth.refusal("Bearer alph", null).orElseThrow());
        assertEquals("the key presented is not valid", auth.refusal(null, "alphaa").orElseThrow());
        assertEquals("the key presented is not valid", auth.refusal(null, "acme:acme-key").orElseThrow(),
                "the tenant entry is not itself a key");
        assertEquals("the Authorization header must be 'Bearer <key>'",
                auth.refusal("Basic YWxwaGE6", null).orElseThrow());
        assertTrue(auth.refusal("Bearer ", "").isPresent(), "a blank key is never valid");
    }

    @Test
    void noConfiguredKeysRefusesEverythingAndDisabledAcceptsEverythingAsAdmin() {
        ApiKeyAuthenticator none = new ApiKeyAuthenticator(true, List.of(" "), List.of(), "udpm.test.api");
        assertTrue(none.lockedOut());
        assertTrue(none.refusal("Bearer anything", null).orElseThrow().contains("udpm.test.api.keys"));

        ApiKeyAuthenticator off = new ApiKeyAuthenticator(false, List.of(), List.of(), "udpm.test.api");
        assertFalse(off.lockedOut());
        assertTrue(off.authenticate(null, null).caller().isAdmin());
    }

    @Test
    void malformedTenantEntriesAndDuplicateKeysAreRefusedWithoutNamingTheKey() {
        for (String entry : List.of("no-colon-secret-1", ":secret-1", "bad tenant:secret-1", "acme:",
                "../x:secret-1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ApiKeyAuthenticator(true, List.of(), List.of("ok:k", entry), "udpm.test.api"), entry);
            assertTrue(e.getMessage().contains("entry 2"), e.getMessage());
            assertFalse(e.getMessage().contains("secret-1"), "a key must never reach a message: " + e.getMessage());
        }
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> new ApiKeyAuthenticator(true, List.of("same-secret"), List.of("acme:same-secret"), "p"));
        assertFalse(twice.getMessage().contains("same-secret"), twice.getMessage());
    }
}
