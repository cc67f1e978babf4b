package dev.udpm.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client properties each security setting gives, what it refuses, and that secrets stay out of text. */
class KafkaSecurityTest {

    @TempDir
    Path dir;

    @Test
    void scramOverTlsGivesTheProductionListenersPropertiesWithTheQuotesEscaped() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        KafkaSecurity s = KafkaSecurity.scramOverTls("app", Secret.of("p\"w\\d"), ca);
        Map<String, Object> props = s.clientProperties();
        assertEquals("SASL_SSL", props.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", props.get("sasl.mechanism"));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"app\""
                + " password=\"p\\\"w\\\\d\";", props.get("sasl.jaas.config"));
        assertEquals("PEM", props.get("ssl.truststore.type"));
        assertEquals(ca.toString(), props.get("ssl.truststore.location"));
        assertFalse(s.toString().contains("p\"w"), s.toString());
        assertTrue(s.toString().contains("user app"), s.toString());
    }

    @Test
    void theTruststoreTypeFollowsTheFileName() {
        assertEquals("PKCS12", KafkaSecurity.truststoreType(Path.of("ca.p12")));
        assertEquals("PKCS12", KafkaSecurity.truststoreType(Path.of("ca.PFX")));
        assertEquals("JKS", KafkaSecurity.truststoreType(Path.of("truststore.jks")));
        assertEquals("PEM", KafkaSecurity.truststoreType(Path.of("ca.crt")));
    }

    @Test
    void settingsThatDoNotFitTheProtocolAreRefused() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        assertThrows(IllegalArgumentException.class, () -> new KafkaSecurity(KafkaSecurity.Protocol.SASL_SSL, null,
                Secret.of("pw"), ca, null), "SASL without a user");
        assertThrows(IllegalArgumentException.class, () -> new KafkaSecurity(KafkaSecurity.Protocol.SASL_SSL, "u",
                null, ca, null), "SASL without a password");
        assertThrows(IllegalArgumentException.class, () -> new KafkaSecurity(KafkaSecurity.Protocol.PLAINTEXT, "u",
                Secret.of("pw"), null, null), "a user on a plain connection");
        assertThrows(IllegalArgumentException.class, () -> new KafkaSecurity(KafkaSecurity.Protocol.SASL_PLAINTEXT,
                "u", Secret.of("pw"), ca, null), "a truststore without TLS");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> KafkaSecurity.scramOverTls("u", Secret.of("pw"), dir.resolve("absent.pem")));
        assertTrue(missing.getMessage().contains("absent.pem"), missing.getMessage());
        assertEquals(Map.of("security.protocol", "PLAINTEXT"), KafkaSecurity.plaintext().clientProperties());
    }

    @Test
    void aSecretReadsFromAFileWithoutItsLineBreakAndNeverPrints() throws Exception {
        Secret s = Secret.fromFile(Files.writeString(dir.resolve("pw"), "s3cret\n"));
        assertEquals("s3cret", s.reveal());
        assertEquals("****", s.toString());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Secret.fromFile(Files.writeString(dir.resolve("empty"), "\n")));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Secret.fromFile(dir.resolve("none")));
        assertThrows(IllegalArgumentException.class, () -> Secret.of(" "));
    }
}
