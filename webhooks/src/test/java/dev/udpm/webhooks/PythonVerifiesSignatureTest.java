package dev.udpm.webhooks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.job.Webhook;
import dev.udpm.webhooks.app.WebhooksService;
import org.junit.jupiter.api.Test;

/**
 * An independent implementation checks the signatures: {@code verify-webhook.py} (Python 3's hmac, hashlib and
 * base64, the same lines as the README's) verifies what a real delivery sent, and refuses it once tampered with.
 */
class PythonVerifiesSignatureTest {

    private static final Path SCRIPT = Path.of("verify-webhook.py");

    private static boolean pythonPresent() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static int verify(String secret, Receiver.Request r, byte[] body) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("python3", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("WEBHOOK_SECRET", secret, "WEBHOOK_ID", r.webhookId(),
                "WEBHOOK_TIMESTAMP", r.timestamp(), "WEBHOOK_SIGNATURE", r.signature()));
        Process p = builder.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(body);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        return p.exitValue() == 0 && out.equals("valid") ? 0 : p.exitValue();
    }

    @Test
    void pythonsStandardLibraryVerifiesADeliveredSignature() throws Exception {
        assumeTrue(pythonPresent(), "python3 is not installed: the independent signature check cannot run");
        assumeTrue(Files.isRegularFile(SCRIPT), "run from the webhooks module directory");
        try (FleetOnBroker broker = new FleetOnBroker(); Receiver receiver = new Receiver()) {
            try (WebhooksService.Delivery delivery = broker.start(Map.of(), broker.groupAtEnd())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> delivery.loop().assigned());
                broker.publish(new JobAccepted("py-1", Instant.now(), "w-0", Map.of("order", "ä-42"), "acme",
                        new Webhook(receiver.url("/py"), List.of("accepted"))));
                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requests().size() == 1);
            }
            Receiver.Request r = receiver.requests().get(0);
            assertEquals(0, verify(TestConfig.SECRET, r, r.body()), "python3 must accept the delivered signature");
            byte[] tampered = r.text().replace("py-1", "py-2").getBytes(StandardCharsets.UTF_8);
            assertEquals(1, verify(TestConfig.SECRET, r, tampered), "python3 must refuse a changed body");
            String otherSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
            assertEquals(1, verify(otherSecret, r, r.body()), "python3 must refuse another secret");
        }
    }
}
