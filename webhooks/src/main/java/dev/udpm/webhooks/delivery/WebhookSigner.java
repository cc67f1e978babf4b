package dev.udpm.webhooks.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code webhook-signature: v1,<base64 of HMAC-SHA256(key, id + "." + timestamp + "."
 * + body)>} with the key taken from a {@code whsec_<base64>} secret. The secret never leaves this object:
 * {@link #toString()} does not show it.
 */
public final class WebhookSigner {

    /** Prefix of a Standard Webhooks secret. */
    public static final String SECRET_PREFIX = "whsec_";
    private static final int MIN_KEY_BYTES = 24;
    private static final int MAX_KEY_BYTES = 64;
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    private WebhookSigner(byte[] key) {
        this.key = new SecretKeySpec(key, HMAC);
    }

    /**
     * A signer for {@code secret} ({@code whsec_} + base64 of 24..64 bytes).
     *
     * @param what names the setting in the error (the secret itself is never part of a message)
     * @throws IllegalArgumentException if the secret is malformed
     */
    public static WebhookSigner of(String secret, String what) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException(what + " must start with " + SECRET_PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be " + SECRET_PREFIX + " followed by base64");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException(what + " must hold " + MIN_KEY_BYTES + ".." + MAX_KEY_BYTES
                    + " bytes, got " + key.length);
        }
        return new WebhookSigner(key);
    }

    /** The value of {@code webhook-signature} for message {@code id} sent at {@code timestampSeconds}. */
    public String sign(String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSigner[secret hidden]";
    }
}
