package dev.udpm.worker.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Checks the credentials of a REST request against the configured keys, in constant time per key. Accepted forms:
 * {@code Authorization: Bearer <key>} and {@code X-API-Key: <key>}.
 */
public final class ApiKeyAuthenticator {

    /** The API-key header. */
    public static final String API_KEY_HEADER = "X-API-Key";
    private static final String BEARER = "bearer ";

    private final boolean enabled;
    private final List<byte[]> keys;

    /**
     * @param enabled false accepts every request
     * @param keys the accepted keys (blank entries are ignored)
     */
    public ApiKeyAuthenticator(boolean enabled, List<String> keys) {
        this.enabled = enabled;
        this.keys = keys.stream().map(String::strip).filter(k -> !k.isEmpty())
                .map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Whether requests are checked and no key is configured (every request will be refused). */
    public boolean lockedOut() {
        return enabled && keys.isEmpty();
    }

    /**
     * Checks one request.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param apiKey the {@code X-API-Key} header, or null
     * @return empty if the request may pass; else why not, for the 401 problem's {@code detail}
     */
    public Optional<String> refusal(String authorization, String apiKey) {
        if (!enabled) {
            return Optional.empty();
        }
        if (keys.isEmpty()) {
            return Optional.of("this worker has no API keys configured (udpm.worker.api.keys), so every request is"
                    + " refused; ask the operator for a key");
        }
        String presented = null;
        if (apiKey != null && !apiKey.isBlank()) {
            presented = apiKey.strip();
        } else if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return Optional.of("the Authorization header must be 'Bearer <key>'");
            }
            presented = authorization.substring(BEARER.length()).strip();
        }
        if (presented == null || presented.isEmpty()) {
            return Optional.of("credentials required: send 'Authorization: Bearer <key>' or '" + API_KEY_HEADER
                    + ": <key>'");
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, candidate);
        }
        return match ? Optional.empty() : Optional.of("the key presented is not valid");
    }
}
