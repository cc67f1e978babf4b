package dev.udpm.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.udpm.cli.ExitCodes;
import dev.udpm.core.model.TinyModels;
import dev.udpm.embedded.PackagedApp;
import dev.udpm.schemas.MessageKind;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.Lineage;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ValidationResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test, with the REAL worker: the local fleet starts from a clean data folder (broker, S3Proxy,
 * the worker's fast-jar with a tiny exported model as its bundled model), jobs submitted through the CLI complete and
 * are fetched with verified SHA-256s, a replay of a job makes the same bytes ({@code udpm replay}, {@code udpm diff};
 * lineage in the manifest and the completed event), and {@code stop} leaves no process and frees every port.
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
        String archiveFlag = "-XX:SharedArchiveFile=" + workerJar.resolveSibling(PackagedApp.CDS_ARCHIVE).toAbsolutePath();
        assertTrue(worker.info().arguments().map(List::of).orElse(List.of()).contains(archiveFlag), "the worker's build"
                + " leaves its class-data-sharing archive and the fleet starts the worker with it: "
                + worker.info().commandLine().orElse("?"));
        String workerLog = Files.readString(config.logDir().resolve("worker.log"));
        assertFalse(workerLog.contains("[cds"), "the JVM used the archive (it warns under [cds...] when it cannot): "
                + workerLog.lines().filter(l -> l.contains("[cds")).toList());

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
        replayOfTheGenerateJobIsIdentical(model, generated, manifest, config.bootstrapServers(), connection);

        Path interpolated = dir.resolve("out/interpolate");
        Out interpolate = cli(List.of("submit", "interpolate", "--model", "tiny", "--corners", "1,2", "--grid-size", "4",
                "--label", "3", "--job-id", "e2e-interpolate", "--out", interpolated.toString(), "--timeout", "5m"),
                connection);
        assertEquals(ExitCodes.OK, interpolate.code(), interpolate.toString());
        assertTrue(Files.exists(interpolated.resolve("manifest.json")));
        Out differ = cli(List.of("diff", "e2e-generate", "e2e-interpolate"), connection);
        assertEquals(ExitCodes.DIFFERENT, differ.code(), differ.toString());
        assertTrue(differ.out().contains("lineage: different requests"), differ.toString());
        assertTrue(differ.out().strip().endsWith("different"), differ.toString());

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

    /**
     * Lineage and replay on the real worker: the manifest and the completed event (validated against its schema)
     * carry the same lineage, naming the bundled model's manifest by its sha256; {@code udpm replay} resubmits the
     * request under a new id, and the replay's images are byte-identical ({@code udpm diff} exits 0).
     */
    private void replayOfTheGenerateJobIsIdentical(Path model, Path generated, JobManifest manifest, String bootstrap,
            List<String> connection) throws Exception {
        Lineage lineage = manifest.lineage();
        assertNotNull(lineage, "the manifest records lineage");
        assertEquals(sha256(Files.readAllBytes(model.resolve("manifest.json"))), lineage.model().manifestSha256());
        assertEquals(new Lineage.Model("tiny", "bundled-1", lineage.model().manifestSha256()), lineage.model());
        assertEquals(Lineage.requestSha256(manifest.request()), lineage.requestSha256());
        assertEquals(List.of(1L), lineage.seeds());
        assertFalse(lineage.worker().version().isBlank());
        assertEquals(lineage, completedEvent(bootstrap, "e2e-generate").lineage(),
                "the completed event repeats the manifest's lineage");

        Path replayed = dir.resolve("out/replay");
        Out replay = cli(List.of("replay", "e2e-generate", "--job-id", "e2e-replay", "--out", replayed.toString(),
                "--timeout", "5m"), connection);
        assertEquals(ExitCodes.OK, replay.code(), replay.toString());
        assertTrue(replay.out().contains("submitted generate job e2e-replay"), replay.toString());
        JobManifest again = ContractValidator.shared().parseJobManifest(
                Files.readString(replayed.resolve("manifest.json")));
        assertEquals(lineage.requestSha256(), again.lineage().requestSha256(), "a replay keeps the request hash");
        assertEquals(lineage.model(), again.lineage().model());
        assertEquals(again.lineage(), completedEvent(bootstrap, "e2e-replay").lineage(),
                "the replay's completed event repeats its manifest's lineage");
        for (String file : List.of("000000.png", "000001.png", "000002.png", "000003.png", "grid.png")) {
            assertArrayEquals(Files.readAllBytes(generated.resolve(file)), Files.readAllBytes(replayed.resolve(file)),
                    file + " of the replay");
        }
        Out same = cli(List.of("diff", "e2e-generate", "e2e-replay"), connection);
        assertEquals(ExitCodes.OK, same.code(), same.toString());
        assertTrue(same.out().contains("identical 5, different 0, missing 0"), same.toString());
        assertTrue(same.out().contains("lineage: same request, same model tiny/bundled-1"), same.toString());
    }

    /** The job's completed event from udpm.job-events, parsed and validated against its schema. */
    private static JobCompleted completedEvent(String bootstrap, String jobId) {
        try (KafkaConsumer<String, String> consumer = JobEventLog.fromStart(bootstrap, Map.of())) {
            Set<TopicPartition> partitions = consumer.assignment();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            JobCompleted completed = null;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (jobId.equals(record.key())) {
                        ValidationResult valid = ContractValidator.shared().validate(MessageKind.JOB_EVENT,
                                record.value());
                        assertTrue(valid.valid(), record.value() + ": " + valid.violations());
                        if (ContractValidator.shared().parseJobEvent(record.value()) instanceof JobCompleted c) {
                            completed = c;
                        }
                    }
                }
            }
            assertNotNull(completed, "job " + jobId + " has a completed event");
            return completed;
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
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
