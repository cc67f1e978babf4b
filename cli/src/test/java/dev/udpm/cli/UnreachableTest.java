package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Nothing listening: every command says which address and what to start, within a few seconds. */
class UnreachableTest {

    @Test
    void kafkaCommandsReportTheAddressAndTheFleetWithinSeconds() throws IOException {
        String address = "127.0.0.1:" + freePort();
        for (String[] args : new String[][] {
                {"submit", "generate", "--model", "m", "--count", "1", "--seed", "1"},
                {"watch", "j1"}, {"status", "j1"}, {"cancel", "j1"}, {"models"}, {"fetch", "j1", "--out", "x", "--from", "event"}}) {
            String[] all = concat(args, "--bootstrap-servers", address, "--connect-timeout", "2s");
            TestInfra.Result r = TestInfra.runRaw(all);
            assertEquals(ExitCodes.UNAVAILABLE, r.code(), String.join(" ", args) + ": " + r);
            assertTrue(r.err().contains("Kafka is not reachable: nothing is listening on " + address), r.toString());
            assertTrue(r.err().contains("./local-fleet start"), r.toString());
            assertTrue(r.took().compareTo(Duration.ofSeconds(5)) < 0, "must fail fast: " + r.took());
        }
    }

    @Test
    void silentPortIsReportedWithinTheConnectTimeout() throws IOException {
        // A socket that accepts connections but never speaks Kafka: the admin request must time out quickly.
        try (ServerSocket silent = new ServerSocket(0)) {
            TestInfra.Result r = TestInfra.runRaw("status", "j1", "--bootstrap-servers", "127.0.0.1:" + silent.getLocalPort(),
                    "--connect-timeout", "1s");
            assertEquals(ExitCodes.UNAVAILABLE, r.code(), r.toString());
            assertTrue(r.err().contains("did not describe topic udpm.job-events within 8 s"), r.toString());
            assertTrue(r.took().compareTo(Duration.ofSeconds(15)) < 0, "took " + r.took());
        }
    }

    @Test
    void s3AndApiReportTheirAddresses() throws IOException {
        int port = freePort();
        TestInfra.Result fetch = TestInfra.runRaw("fetch", "j1", "--out", "x", "--s3-endpoint", "http://127.0.0.1:" + port,
                "--connect-timeout", "2s");
        assertEquals(ExitCodes.UNAVAILABLE, fetch.code(), fetch.toString());
        assertTrue(fetch.err().contains("S3 is not reachable: nothing is listening on 127.0.0.1:" + port), fetch.toString());
        assertTrue(fetch.err().contains("--s3-endpoint or UDPM_S3_ENDPOINT"), fetch.toString());

        TestInfra.Result api = TestInfra.runRaw("models", "--api", "http://127.0.0.1:" + port, "--connect-timeout", "2s");
        assertEquals(ExitCodes.UNAVAILABLE, api.code(), api.toString());
        assertTrue(api.err().contains("The REST API is not reachable: nothing is listening on 127.0.0.1:" + port),
                api.toString());
    }

    @Test
    void malformedAddressesAreInvalidInput() {
        TestInfra.Result r = TestInfra.runRaw("status", "j1", "--bootstrap-servers", "localhost");
        assertEquals(ExitCodes.INVALID_INPUT, r.code(), r.toString());
        assertTrue(r.err().contains("--bootstrap-servers: 'localhost' is not host:port"), r.toString());
        TestInfra.Result t = TestInfra.runRaw("status", "j1", "--connect-timeout", "soon");
        assertEquals(ExitCodes.INVALID_INPUT, t.code(), t.toString());
        assertTrue(t.err().contains("'soon' is not a duration"), t.toString());
    }

    @Test
    void environmentVariablesSetTheAddressesInAFreshProcess() throws Exception {
        int kafkaPort = freePort();
        int s3Port = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "status", "j1")
                .redirectErrorStream(true);
        builder.environment().put("UDPM_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort);
        builder.environment().put("UDPM_CONNECT_TIMEOUT", "1s");
        Process status = builder.start();
        String out = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(ExitCodes.UNAVAILABLE, status.waitFor(), out);
        assertTrue(out.contains("nothing is listening on 127.0.0.1:" + kafkaPort + " (waited 1 s)"), out);

        builder.command().set(builder.command().size() - 2, "fetch");
        builder.command().addAll(List.of("--out", "x"));
        builder.environment().put("UDPM_S3_ENDPOINT", "http://127.0.0.1:" + s3Port);
        Process fetch = builder.start();
        String fetchOut = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(ExitCodes.UNAVAILABLE, fetch.waitFor(), fetchOut);
        assertTrue(fetchOut.contains("S3 is not reachable: nothing is listening on 127.0.0.1:" + s3Port), fetchOut);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
