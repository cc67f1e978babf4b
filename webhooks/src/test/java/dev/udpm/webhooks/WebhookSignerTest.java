package dev.udpm.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import dev.udpm.webhooks.delivery.WebhookSigner;
import org.junit.jupiter.api.Test;

/** The signer against the Standard Webhooks specification's published example. */
class WebhookSignerTest {

    @Test
    void signsTheSpecificationsExample() {
        WebhookSigner signer = WebhookSigner.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "secret");
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusesMalformedSecretsWithoutShowingThem() {
        for (String bad : new String[] {null, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_not*base64", "whsec_c2hvcnQ="}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WebhookSigner.of(bad, "udpm.webhooks.signing-secret"));
            assertTrue(e.getMessage().startsWith("udpm.webhooks.signing-secret"), e.getMessage());
            assertFalse(bad != null && bad.length() > 6 && e.getMessage().contains(bad.substring(6)),
                    "the message must not show the secret: " + e.getMessage());
        }
        assertFalse(WebhookSigner.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "s").toString().contains("MfKQ"));
    }
}
