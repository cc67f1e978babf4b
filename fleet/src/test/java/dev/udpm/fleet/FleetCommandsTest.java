package dev.udpm.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.udpm.cli.ExitCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code local-fleet start|status|stop} as a user runs them: {@code start} launches a detached launcher process
 * (broker, S3Proxy, and a stand-in worker app as its child), the CLI talks to it, {@code stop} leaves no process and
 * frees every port, and a second start reuses the data.
 */
class FleetCommandsTest {

    @TempDir
    Path dir;

    private List<String> args;

    @AfterEach
    void stopWhateverIsLeft() {
        if (args != null) {
            run("stop");
        }
    }

    @Test
    void startStatusSubmitStopAndARestartThatReusesTheData() throws Exception {
        Started fleet = startWithAStandInWorker();
        FleetConfig config = fleet.config();
        List<Integer> ports = fleet.ports();
        Out start = fleet.start();
        assertTrue(start.out().contains("UDPM local fleet is up in "), start.toString());
        assertTrue(start.out().contains(", new)"), "a clean data folder is formatted: " + start);
        assertTrue(start.out().contains("Kafka    127.0.0.1:" + config.kafkaPort()), start.toString());
        assertTrue(start.out().contains("S3       http://127.0.0.1:" + config.s3Port()), start.toString());
        assertTrue(start.out().contains("worker   http://127.0.0.1:" + fleet.workerPort()), start.toString());
        assertTrue(start.out().contains("./local-fleet stop"), "says how to stop it: " + start);
        FleetState state = FleetState.read(config.stateFile()).orElseThrow();
        ProcessHandle launcher = state.liveProcess("launcher").orElseThrow();
        ProcessHandle worker = state.liveProcess("app.worker").orElseThrow();
        assertTrue(launcher.pid() != ProcessHandle.current().pid(), "the launcher runs in its own process");
        assertEquals(launcher.pid(), worker.parent().map(ProcessHandle::pid).orElse(-1L), "apps are its children");

        Out again = run("start");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("a fleet is already running"), again.toString());

        Out status = run("status");
        assertEquals(0, status.code(), status.toString());
        // the S3 secret key (TestFleets: test-secret) is in no output, log, state file or launcher command line
        for (String text : List.of(start.toString(), status.toString(),
                Files.readString(config.logDir().resolve("fleet.log")), Files.readString(config.stateFile()),
                String.join(" ", launcher.info().arguments().orElse(new String[0])))) {
            assertFalse(text.contains(config.secretKey()), "the S3 secret key leaked: " + text);
        }
        assertTrue(status.out().contains("secret key not shown"), status.toString());
        assertTrue(status.out().contains("fleet running on " + config.dataDir()), status.toString());
        assertTrue(status.out().contains("pid " + worker.pid() + ", ready: DOWN"), status.toString());

        Out submit = cli("submit", "generate", "--model", "tiny", "--count", "2", "--seed", "1", "--job-id", "kept-job",
                "--bootstrap-servers", config.bootstrapServers());
        assertEquals(ExitCodes.OK, submit.code(), submit.toString());

        Out stop = run("stop");
        assertEquals(0, stop.code(), stop.toString());
        assertTrue(stop.out().contains("fleet stopped in"), stop.toString());
        assertFalse(launcher.isAlive(), "the launcher must be gone");
        assertFalse(worker.isAlive(), "the worker must be gone");
        assertEquals(List.of(), Ports.busy(ports), "every port must be free after stop");
        assertFalse(Files.exists(config.stateFile()));
        assertEquals(FleetMain.NOT_RUNNING, run("status").code());

        Out restart = run("start");
        assertEquals(0, restart.code(), restart.toString());
        assertTrue(restart.out().contains("reused from the last run"), restart.toString());
        Out dryWatch = cli("status", "kept-job", "--bootstrap-servers", config.bootstrapServers());
        assertEquals(ExitCodes.NOT_FOUND, dryWatch.code(), "no worker answered, so no events: " + dryWatch);
        assertTrue(jobsTopicHas(config, "kept-job"), "the job written before the restart is still on udpm.jobs");
        assertEquals(0, run("stop").code());
        assertEquals(List.of(), Ports.busy(ports));
        args = null;
    }

    @Test
    void aKilledAppMakesStatusFailAndStartBringsItBackWithHintsNamingTheDataFolder() throws Exception {
        Started fleet = startWithAStandInWorker();
        FleetConfig config = fleet.config();
        List<Integer> ports = fleet.ports();
        Out start = fleet.start();
        assertTrue(start.out().contains("Stop it:  ./local-fleet stop --data " + config.dataDir()),
                "the stop hint must name the --data folder: " + start);
        FleetState state = FleetState.read(config.stateFile()).orElseThrow();
        ProcessHandle launcher = state.liveProcess("launcher").orElseThrow();
        ProcessHandle worker = state.liveProcess("app.worker").orElseThrow();

        worker.destroyForcibly();
        worker.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        Out down = run("status");
        assertEquals(FleetMain.APP_DOWN, down.code(), "status must fail while an app is down: " + down);
        assertTrue(down.out().contains("NOT RUNNING"), down.toString());
        assertTrue(down.out().contains("worker is not running: ./local-fleet start --data " + config.dataDir()
                + " starts it again"), down.toString());

        Out again = run("start");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("but worker is not: starting it again"), again.toString());
        ProcessHandle restarted = FleetState.read(config.stateFile()).orElseThrow().liveProcess("app.worker")
                .orElseThrow(() -> new AssertionError("start must bring the worker back: " + again));
        assertTrue(restarted.pid() != worker.pid(), "a new worker process");
        assertEquals(launcher.pid(), restarted.parent().map(ProcessHandle::pid).orElse(-1L),
                "the restarted app is the launcher's child, so stop stops it");
        Out up = run("status");
        assertEquals(0, up.code(), up.toString());
        assertTrue(up.out().contains("pid " + restarted.pid() + ", ready: DOWN"), "it answers again: " + up);

        Out stop = run("stop");
        assertEquals(0, stop.code(), stop.toString());
        assertFalse(launcher.isAlive(), "the launcher must be gone");
        assertFalse(restarted.isAlive(), "the restarted worker must be gone");
        assertEquals(List.of(), Ports.busy(ports), "every port must be free after stop");
        args = null;
    }

    @Test
    void startRefusesBusyPortsNamingThem() throws Exception {
        FleetConfig config = TestFleets.config(dir.resolve("busy"), List.of());
        args = TestFleets.args(config, null, 0);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(config.kafkaPort(), 1,
                java.net.InetAddress.getLoopbackAddress())) {
            Out start = run("start");
            assertEquals(FleetMain.FAILED, start.code(), start.toString());
            assertTrue(start.err().contains("port [" + config.kafkaPort() + "] on 127.0.0.1 is in use but no fleet runs"),
                    start.toString());
        }
        Out stop = run("stop");
        assertEquals(0, stop.code());
        assertTrue(stop.out().contains("no fleet is running"), stop.toString());
        args = null;
    }

    /** A fleet this test started, the ports it takes (its worker's too) and what start printed. */
    private record Started(FleetConfig config, int workerPort, List<Integer> ports, Out start) {
    }

    /** Starts a fleet in {@code dir/data} with a stand-in worker app; asserts start succeeded. */
    private Started startWithAStandInWorker() throws Exception {
        Path jar = FakeAppJars.jar(dir.resolve("jars"), "worker", FakeApp.class);
        FleetConfig config = TestFleets.config(dir.resolve("data"), List.of());
        int workerPort = Ports.anyFree();
        args = TestFleets.args(config, jar, workerPort);
        List<Integer> ports = new ArrayList<>(config.ports());
        ports.add(workerPort);

        Out start = run("start");
        assertEquals(0, start.code(), start.toString());
        return new Started(config, workerPort, ports, start);
    }

    private Out run(String command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FleetMain.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Out(code, out.toString(), err.toString());
    }

    private static Out cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = dev.udpm.cli.Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Out(code, out.toString(), err.toString());
    }

    private static boolean jobsTopicHas(FleetConfig config, String key) {
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(java.util.Map.of(
                "bootstrap.servers", config.bootstrapServers()), new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer())) {
            var partitions = consumer.partitionsFor(dev.udpm.schemas.Topics.JOBS).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    record Out(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
