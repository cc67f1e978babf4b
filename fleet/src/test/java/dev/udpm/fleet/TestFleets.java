package dev.udpm.fleet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Fleet configurations for tests: free ports, a temporary data folder, generated credentials. */
final class TestFleets {

    private TestFleets() {
    }

    static FleetConfig config(Path data, List<AppSpec> apps) {
        return new FleetConfig(data, Ports.anyFree(), Ports.anyFree(), Ports.anyFree(), "test-key", "test-secret",
                "udpm-test", apps, Optional.empty(), Duration.ofSeconds(60));
    }

    static FleetConfig withBundledModel(FleetConfig c, Path model) {
        return new FleetConfig(c.dataDir(), c.kafkaPort(), c.controllerPort(), c.s3Port(), c.accessKey(), c.secretKey(),
                c.bucket(), c.apps(), Optional.of(model), c.startTimeout());
    }

    /** The {@code start}/{@code stop}/{@code status} arguments that reproduce {@code c} (apps as given jars). */
    static List<String> args(FleetConfig c, Path workerJar, int workerPort) {
        List<String> args = new ArrayList<>(List.of("--data", c.dataDir().toString(),
                "--kafka-port", Integer.toString(c.kafkaPort()), "--controller-port", Integer.toString(c.controllerPort()),
                "--s3-port", Integer.toString(c.s3Port()), "--access-key", c.accessKey(), "--secret-key", c.secretKey(),
                "--bucket", c.bucket(), "--start-timeout", "60"));
        if (workerJar == null) {
            args.addAll(List.of("--apps", "none"));
        } else {
            args.addAll(List.of("--apps", "worker", "--worker-jar", workerJar.toString(),
                    "--worker-port", Integer.toString(workerPort)));
        }
        return args;
    }

    static void await(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Ports.sleep(100);
        }
    }
}
