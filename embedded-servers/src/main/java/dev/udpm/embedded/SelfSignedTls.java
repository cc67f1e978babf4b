package dev.udpm.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate for {@code 127.0.0.1} / {@code localhost}, made with the JDK's own
 * {@code keytool} (nothing downloaded): a PKCS12 key store holding the key pair, and the certificate as a PEM
 * file that clients use as their trust store (like Strimzi's {@code ca.crt} or a private CA in production).
 *
 * @param keyStore         PKCS12 key store with the server key pair (alias {@value #ALIAS})
 * @param keyStorePassword password of the key store and of the key
 * @param certificatePem   the server certificate (PEM), to be trusted by clients
 */
public record SelfSignedTls(Path keyStore, String keyStorePassword, Path certificatePem) {

    /** Alias of the key pair in {@link #keyStore()}. */
    public static final String ALIAS = "server";

    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    /**
     * Generates a 2048-bit RSA key pair and a certificate valid for 2 days with subject alternative names
     * {@code IP:127.0.0.1} and {@code DNS:localhost} (so hostname verification stays on), into {@code dir}.
     *
     * @throws IllegalStateException with keytool's output if it fails
     */
    public static SelfSignedTls generate(Path dir) {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Path keyStore = dir.resolve("server.p12");
        Path pem = dir.resolve("server.crt.pem");
        try {
            Files.createDirectories(dir);
            keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                    "-storepass", password, "-keypass", password);
            keytool("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(),
                    "-storetype", "PKCS12", "-storepass", password, "-file", pem.toString());
        } catch (IOException e) {
            throw new IllegalStateException("self-signed TLS: cannot write into " + dir, e);
        }
        return new SelfSignedTls(keyStore, password, pem);
    }

    /** The PEM text of the certificate. */
    public String certificatePemText() {
        try {
            return Files.readString(certificatePem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + certificatePem, e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            boolean done = process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!done) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " did not finish in "
                        + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed (exit " + process.exitValue() + "): "
                        + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool " + args[0], e);
        }
    }
}
