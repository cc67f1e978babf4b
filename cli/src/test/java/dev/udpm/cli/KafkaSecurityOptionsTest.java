package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.udpm.client.KafkaSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Kafka security options: SCRAM over TLS from options plus a password from the environment or a file, refused
 * combinations named by their option, and no password in any message. (The client library's own test runs the same
 * settings against the real broker's SASL_SSL listener.)
 */
class KafkaSecurityOptionsTest {

    @TempDir
    Path dir;

    private ConnectionOptions parse(String... args) {
        ConnectionOptions options = new ConnectionOptions();
        new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args); // as Main does
        return options;
    }

    @Test
    void scramOverTlsTakesThePasswordFromTheEnvironmentOrAFile() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        ConnectionOptions o = parse("--bootstrap-servers", "kafka:9093", "--kafka-security-protocol", "sasl_ssl",
                "--kafka-sasl-username", "udpm-cli", "--kafka-ca-file", ca.toString());
        KafkaSettings fromEnv = o.kafkaSettings(Map.of(ConnectionOptions.ENV_SASL_PASSWORD, "env-secret"));
        Map<String, Object> props = fromEnv.clientProperties();
        assertEquals("SASL_SSL", props.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", props.get("sasl.mechanism"));
        assertTrue(String.valueOf(props.get("sasl.jaas.config")).contains("username=\"udpm-cli\" password=\"env-secret\""));
        assertEquals(ca.toString(), props.get("ssl.truststore.location"));
        assertEquals("PEM", props.get("ssl.truststore.type"));
        assertEquals("kafka:9093", props.get("bootstrap.servers"));
        assertFalse(fromEnv.toString().contains("env-secret"), fromEnv.toString());

        Path file = Files.writeString(dir.resolve("password"), "file-secret\n");
        ConnectionOptions withFile = parse("--kafka-security-protocol", "SASL_SSL", "--kafka-sasl-username", "u",
                "--kafka-sasl-password-file", file.toString());
        assertTrue(String.valueOf(withFile.kafkaSettings(Map.of(ConnectionOptions.ENV_SASL_PASSWORD, "env-secret"))
                .clientProperties().get("sasl.jaas.config")).contains("password=\"file-secret\""),
                "the file named on the command line wins over the environment");
    }

    @Test
    void refusedCombinationsNameTheOptionAndNeverThePassword() {
        CliException noUser = assertThrows(CliException.class, () -> parse("--kafka-security-protocol", "SASL_SSL")
                .kafkaSettings(Map.of(ConnectionOptions.ENV_SASL_PASSWORD, "hidden-1")));
        assertEquals(ExitCodes.INVALID_INPUT, noUser.exitCode());
        assertTrue(noUser.getMessage().contains("--kafka-sasl-username"), noUser.getMessage());
        assertFalse(noUser.getMessage().contains("hidden-1"));

        CliException noPassword = assertThrows(CliException.class, () -> parse("--kafka-security-protocol",
                "SASL_SSL", "--kafka-sasl-username", "u").kafkaSettings(Map.of()));
        assertTrue(noPassword.getMessage().contains(ConnectionOptions.ENV_SASL_PASSWORD), noPassword.getMessage());

        CliException userWithoutSasl = assertThrows(CliException.class, () -> parse("--kafka-sasl-username", "u")
                .kafkaSettings(Map.of()));
        assertTrue(userWithoutSasl.getMessage().contains("--kafka-security-protocol SASL_SSL"),
                userWithoutSasl.getMessage());

        CliException missingCa = assertThrows(CliException.class, () -> parse("--kafka-security-protocol", "SSL",
                "--kafka-ca-file", dir.resolve("absent.pem").toString()).kafkaSettings(Map.of()));
        assertTrue(missingCa.getMessage().contains("absent.pem"), missingCa.getMessage());

        assertEquals("PLAINTEXT", parse().kafkaSettings(Map.of(ConnectionOptions.ENV_SASL_PASSWORD, "x"))
                .clientProperties().get("security.protocol"), "the local fleet's default; an env password is unused");
    }

    @Test
    void aCommandWithIncompleteSecurityExitsWithInvalidInput() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"status", "some-job", "--kafka-security-protocol", "SASL_SSL",
            "--bootstrap-servers", "127.0.0.1:1"}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(ExitCodes.INVALID_INPUT, code, err.toString());
        assertTrue(err.toString().contains("Kafka security: --kafka-security-protocol SASL_SSL needs"
                + " --kafka-sasl-username"), err.toString());
    }
}
