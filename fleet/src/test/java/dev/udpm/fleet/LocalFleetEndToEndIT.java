package dev.udpm.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.udpm.cli.ExitCodes;
import dev.udpm.core.model.TinyModels;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.validation.ContractValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test, with the REAL worker: the local fleet starts from a clean data folder (broker, S3Proxy,
 * the worker's fast-jar with a tiny exported model as its bundled model), jobs submitted through the CLI complete and
 * are fetched with verified SHA-256s, and {@code stop} leaves no process and frees every port.
 * Run: {@code ./mvnw -pl fleet verify} after packaging the worker (the reactor build packages it first).
 */
class LocalFleetEndToEndIT {

    static final Path HOME = Path.of(System.getProperty("udpm.home", "..")).toAbsolutePath().normalize();
    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    private List<String> fleetArgs;

    @AfterEach
    void stop() {
        if (fleetArgs != null) {
            fleet("stop");
        }
    }

    @Test
    void cleanStartThenCliJobsCompleteAndAreFetchedThenStopLeavesNothing() throws Exception {
        Path workerJar = HOME.resolve("worker/target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.isRegularFile(workerJar), "build the worker first: ./mvnw -pl worker -am package -DskipTests");
        Path model = dir.resolve("bundled-model");
        TinyModels.export(model, 1, "tiny", "bundled-1", 32, 1, 10);

        FleetConfig config = TestFleets.config(dir.resolve("data"), List.of());
        int workerPort = Ports.anyFree();
        fleetArgs = new ArrayList<>(TestFleets.args(config, workerJar, workerPort));
        fleetArgs.addAll(List.of("--bundled-model", model.toString()));
        List<Integer> ports = new ArrayList<>(config.ports());
        ports.add(workerPort);
        assertFalse(Files.exists(config.dataDir()), "starts from a clean data folder");

        long t0 = System.nanoTime();
        Out start = fleet("start");
        assertEquals(0, start.code(), start.toString());
        System.out.println(start.out());
        ProcessHandle launcher = FleetState.read(config.stateFile()).orElseThrow().liveProcess("launcher").orElseThrow();
        ProcessHandle worker = FleetState.read(config.stateFile()).orElseThrow().liveProcess("app.worker").orElseThrow();

        List<String> connection = List.of("--bootstrap-servers", config.bootstrapServers(), "--s3-endpoint",
                config.s3Endpoint(), "--s3-access-key", config.accessKey(), "--s3-secret-key", config.secretKey(),
                "--bucket", config.bucket());
        String api = "http://127.0.0.1:" + workerPort;
        TestFleets.await(() -> cli(List.of("models", "--api", api), List.of()).out().contains("tiny"),
                Duration.ofSeconds(120), "the worker lists the bundled model tiny on GET /v1/models");

        Path generated = dir.resolve("out/generate");
        Out generate = cli(List.of("submit", "generate", "--model", "tiny", "--count", "4", "--seed", "1", "--labels",
                "0,1,2,3", "--grid", "--job-id", "e2e-generate", "--out", generated.toString(), "--timeout", "5m"),
                connection);
        assertEquals(ExitCodes.OK, generate.code(), generate.toString());
        for (String file : List.of("000000.png", "000001.png", "000002.png", "000003.png", "grid.png")) {
            byte[] png = Files.readAllBytes(generated.resolve(file));
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8), file + " must be a PNG");
        }
        JobManifest manifest = ContractValidator.shared().parseJobManifest(
                Files.readString(generated.resolve("manifest.json")));
        assertEquals("bundled-1", manifest.modelVersion());
        assertEquals(5, manifest.objects().size());

        Path interpolated = dir.resolve("out/interpolate");
        Out interpolate = cli(List.of("submit", "interpolate", "--model", "tiny", "--corners", "1,2", "--grid-size", "4",
                "--label", "3", "--job-id", "e2e-interpolate", "--out", interpolated.toString(), "--timeout", "5m"),
                connection);
        assertEquals(ExitCodes.OK, interpolate.code(), interpolate.toString());
        assertTrue(Files.exists(interpolated.resolve("manifest.json")));

        Out status = cli(List.of("status", "e2e-generate"), connection);
        assertTrue(status.out().startsWith("job e2e-generate: completed"), status.toString());

        Out stop = fleet("stop");
        assertEquals(0, stop.code(), stop.toString());
        fleetArgs = null;
        assertFalse(launcher.isAlive(), "no launcher left");
        assertFalse(worker.isAlive(), "no worker left");
        assertEquals(List.of(), Ports.busy(ports), "every port free");
        System.out.printf("local fleet end to end: %.1f s (start, 2 jobs, fetch, stop)%n", (System.nanoTime() - t0) / 1e9);
    }

    private Out fleet(String command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(fleetArgs);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FleetMain.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Out(code, out.toString(), err.toString());
    }

    private static Out cli(List<String> args, List<String> connection) {
        List<String> all = new ArrayList<>(args);
        all.addAll(connection);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = dev.udpm.cli.Main.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Out(code, out.toString(), err.toString());
    }

    record Out(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
