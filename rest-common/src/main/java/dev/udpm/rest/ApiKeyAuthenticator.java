package dev.udpm.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the credentials of a REST request against the configured keys, in constant time per key, and tells who the
 * caller is: an admin key's caller is an admin, a tenant key's caller belongs to its tenant. Accepted forms:
 * {@code Authorization: Bearer <key>} and {@code X-API-Key: <key>} (checked first). No message ever contains a key.
 */
public final class ApiKeyAuthenticator {

    /** The API-key header. */
    public static final String API_KEY_HEADER = "X-API-Key";
    /** Tenant names: a schema safe name ({@code common.schema.json#/$defs/safeName}). */
    public static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String BEARER = "bearer ";

    private record Key(byte[] bytes, ApiCaller caller) {
    }

    /**
     * The outcome of {@link #authenticate}: a caller, or why the request is refused.
     *
     * @param caller who sent the request, or null if refused
     * @param refusal why not, for the 401 problem's {@code detail}; null if authenticated
     */
    public record Authentication(ApiCaller caller, String refusal) {

        static Authentication of(ApiCaller caller) {
            return new Authentication(caller, null);
        }

        static Authentication refused(String why) {
            return new Authentication(null, why);
        }

        /** Whether the request may pass. */
        public boolean authenticated() {
            return caller != null;
        }
    }

    private final boolean enabled;
    private final String configPrefix;
    private final List<Key> keys;

    /**
     * @param enabled false accepts every request as an admin's
     * @param adminKeys keys whose caller is an admin (blank entries are ignored)
     * @param tenantKeys entries {@code tenant:key} whose caller belongs to {@code tenant} (blank entries ignored)
     * @param configPrefix the app's config prefix ({@code udpm.worker.api}), named in the messages
     * @throws IllegalArgumentException if a tenant entry is malformed or a key is configured twice (the message
     *     gives the entry's position, never the key)
     */
    public ApiKeyAuthenticator(boolean enabled, List<String> adminKeys, List<String> tenantKeys, String configPrefix) {
        this.enabled = enabled;
        this.configPrefix = configPrefix;
        List<Key> all = new ArrayList<>();
        for (String key : adminKeys) {
            if (!key.isBlank()) {
                all.add(new Key(key.strip().getBytes(StandardCharsets.UTF_8), ApiCaller.admin()));
            }
        }
        for (int i = 0; i < tenantKeys.size(); i++) {
            String entry = tenantKeys.get(i).strip();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String tenant = colon < 0 ? "" : entry.substring(0, colon).strip();
            String key = colon < 0 ? "" : entry.substring(colon + 1).strip();
            if (!TENANT.matcher(tenant).matches() || key.isEmpty()) {
                throw new IllegalArgumentException(configPrefix + ".tenant-keys entry " + (i + 1) + " is not"
                        + " 'tenant:key' with a tenant matching " + TENANT.pattern() + " and a non-empty key");
            }
            all.add(new Key(key.getBytes(StandardCharsets.UTF_8), ApiCaller.ofTenant(tenant)));
        }
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                if (MessageDigest.isEqual(all.get(i).bytes(), all.get(j).bytes())) {
                    throw new IllegalArgumentException("a key is configured twice in " + configPrefix + ".keys / "
                            + configPrefix + ".tenant-keys (for " + all.get(i).caller() + " and "
                            + all.get(j).caller() + "): every key must name one caller");
                }
            }
        }
        this.keys = List.copyOf(all);
    }

    /** The app's config prefix, e.g. {@code udpm.worker.api}. */
    public String configPrefix() {
        return configPrefix;
    }

    /** Whether requests are checked. */
    public boolean enabled() {
        return enabled;
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
     */
    public Authentication authenticate(String authorization, String apiKey) {
        if (!enabled) {
            return Authentication.of(ApiCaller.admin());
        }
        if (keys.isEmpty()) {
            return Authentication.refused("no API keys are configured (" + configPrefix + ".keys), so every request"
                    + " is refused; ask the operator for a key");
        }
        String presented = null;
        if (apiKey != null && !apiKey.isBlank()) {
            presented = apiKey.strip();
        } else if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return Authentication.refused("the Authorization header must be 'Bearer <key>'");
            }
            presented = authorization.substring(BEARER.length()).strip();
        }
        if (presented == null || presented.isEmpty()) {
            return Authentication.refused("credentials required: send 'Authorization: Bearer <key>' or '"
                    + API_KEY_HEADER + ": <key>'");
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        ApiCaller match = null;
        for (Key key : keys) {
            if (MessageDigest.isEqual(key.bytes(), candidate) && match == null) {
                match = key.caller();
            }
        }
        return match != null ? Authentication.of(match) : Authentication.refused("the key presented is not valid");
    }

    /** Shorthand: empty if the request may pass, else why not. */
    public Optional<String> refusal(String authorization, String apiKey) {
        return Optional.ofNullable(authenticate(authorization, apiKey).refusal());
    }
}
