package dev.udpm.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The apps as child processes: their configuration, the wait for health, stop, crash and a missing jar. */

class FleetAppsTest {

    @TempDir
    Path dir;

    @Test
    void appGetsTheFleetsSettingsIsAwaitedAndIsGoneAfterStop() throws Exception {
        Path jar = FakeAppJars.jar(dir.resolve("jars"), "worker", FakeApp.class);
        AppSpec worker = new AppSpec("worker", jar, Ports.anyFree(), "build it");
        Path model = Files.createDirectories(dir.resolve("bundled-model"));
        FleetConfig config = TestFleets.withBundledModel(TestFleets.config(dir.resolve("data"), List.of(worker)), model);
        ProcessHandle app;
        try (Fleet fleet = new Fleet(config, System.out).start()) {
            FleetState state = FleetState.read(config.stateFile()).orElseThrow();
            assertEquals("true", state.get("ready").orElseThrow());
            app = state.liveProcess("app.worker").orElseThrow(() -> new AssertionError("the worker process is recorded"));
            List<String> env = Files.readAllLines(config.dataDir().resolve("worker/env.txt"));
            assertTrue(env.contains("QUARKUS_PROFILE=local"), env.toString());
            assertTrue(env.contains("QUARKUS_HTTP_PORT=" + worker.httpPort()), env.toString());
            assertTrue(env.contains("KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:" + config.kafkaPort()), env.toString());
            assertTrue(env.contains("UDPM_STORAGE_ENDPOINT=http://127.0.0.1:" + config.s3Port()), env.toString());
            assertTrue(env.contains("UDPM_STORAGE_ACCESS_KEY=test-key"), env.toString());
            assertTrue(env.contains("UDPM_STORAGE_SECRET_KEY=test-secret"), env.toString());
            assertTrue(env.contains("UDPM_STORAGE_BUCKET=udpm-test"), env.toString());
            assertTrue(env.contains("UDPM_WORKER_MODELS_BUNDLED_DIR=" + model.toAbsolutePath()), env.toString());
            assertTrue(env.contains("UDPM_WORKER_MODELS_CACHE_DIR=" + config.dataDir().resolve("worker/model-cache")),
                    env.toString());

            String summary = fleet.summary(1234);
            assertTrue(summary.startsWith("UDPM local fleet is up in 1.2 s"), summary);
            assertTrue(summary.contains("worker   " + worker.url()), summary);
            assertTrue(summary.contains("ready: DOWN (models {\"reason\":\"no model loaded\"})"), summary);
            assertTrue(summary.contains("S3       http://127.0.0.1:" + config.s3Port()), summary);
            assertTrue(summary.contains("access key test-key, secret key not shown"), summary);
            assertFalse(summary.contains("test-secret"), "the S3 secret key is never printed: " + summary);
            assertFalse(Files.readString(config.stateFile()).contains("test-secret"), "nor written to the state");
            assertFalse(config.toString().contains("test-secret"), config.toString());
        }
        assertFalse(app.isAlive(), "stop must leave no app process");
        assertEquals(List.of(), Ports.busy(config.ports()), "every port, the app's included, must be free");
    }

    @Test
    void anAppThatExitsFailsTheStartWithItsLogAndStopsTheRest() throws Exception {
        Path jar = FakeAppJars.jar(dir.resolve("jars"), "worker", FakeCrashingApp.class);
        FleetConfig config = TestFleets.config(dir.resolve("crash"),
                List.of(new AppSpec("worker", jar, Ports.anyFree(), "build it")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Fleet(config, System.out).start());
        assertTrue(e.getMessage().startsWith("worker exited with code 3 before answering"), e.getMessage());
        assertTrue(e.getMessage().contains("fake app: cannot start (on purpose)"), "the log tail is shown: " + e.getMessage());
        assertEquals(List.of(), Ports.busy(config.ports()), "broker and S3 must be stopped again");
        assertTrue(FleetState.read(config.stateFile()).orElseThrow().get("failed").orElseThrow()
                .startsWith("worker exited with code 3"), "the failure is recorded for ./local-fleet start");
    }

    @Test
    void theTrainersRunFoldersAreUnderTheDataFolder() {
        FleetConfig config = TestFleets.config(dir.resolve("data"), List.of());
        java.util.Map<String, String> env = new Fleet(config, System.out)
                .environment(new AppSpec("trainer", dir.resolve("trainer.jar"), Ports.anyFree(), "build it"));
        assertEquals(config.dataDir().resolve("trainer/runs").toAbsolutePath().toString(),
                env.get("UDPM_TRAINER_WORKSPACE_DIR"), env.toString());
    }

    @Test
    void aMissingJarIsSkippedWithTheCommandThatBuildsIt() {
        AppSpec trainer = new AppSpec("trainer", dir.resolve("nope/quarkus-run.jar"), Ports.anyFree(),
                "./mvnw -pl trainer -am package -DskipTests");
        FleetConfig config = TestFleets.config(dir.resolve("missing"), List.of(trainer));
        try (Fleet fleet = new Fleet(config, System.out).start()) {
            assertTrue(fleet.summary(1).lines().anyMatch(l -> l.matches("  trainer +" + java.util.regex.Pattern.quote(
                    trainer.url()) + " +not started: " + java.util.regex.Pattern.quote(trainer.jar() + " is missing"
                    + " (build it: ./mvnw -pl trainer -am package -DskipTests)"))), fleet.summary(1));
        }
    }
}
