package dev.udpm.fleet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the local fleet needs to know, resolved from the command line and environment ({@link FleetOptions}).
 *
 * @param dataDir        root of the fleet's data: {@code kafka/}, {@code s3/}, {@code logs/}, {@code worker/}, the state file
 * @param kafkaPort      Kafka client listener on 127.0.0.1
 * @param controllerPort KRaft controller listener on 127.0.0.1
 * @param s3Port         S3Proxy on 127.0.0.1
 * @param accessKey      S3 access key clients sign with
 * @param secretKey      its secret key (never printed: {@link #SECRET_KEY_NOT_SHOWN})
 * @param bucket         the fleet's one bucket
 * @param apps           the Quarkus apps to start, in order
 * @param bundledModel   an exported model directory the worker loads when nothing is published, if any
 * @param startTimeout   how long each app may take to answer {@code /q/health/live}
 */
public record FleetConfig(Path dataDir, int kafkaPort, int controllerPort, int s3Port, String accessKey, String secretKey,
                          String bucket, List<AppSpec> apps, Optional<Path> bundledModel, Duration startTimeout) {

    /** What summaries print instead of the S3 secret key: it is never printed, logged or written to the state. */
    public static final String SECRET_KEY_NOT_SHOWN = "secret key not shown (--secret-key / UDPM_S3_SECRET_KEY)";

    /** The settings with the secret key left out, should they ever be printed. */
    @Override
    public String toString() {
        return "FleetConfig[dataDir=" + dataDir + ", kafkaPort=" + kafkaPort + ", controllerPort=" + controllerPort
                + ", s3Port=" + s3Port + ", accessKey=" + accessKey + ", secretKey=(not shown), bucket=" + bucket
                + ", apps=" + apps + ", bundledModel=" + bundledModel + ", startTimeout=" + startTimeout + "]";
    }

    /** Where the running fleet's pids, addresses and readiness are recorded. */
    public Path stateFile() {
        return dataDir.resolve("fleet.state");
    }

    /** Broker log directory (survives restarts). */
    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    /** S3Proxy filesystem back end: one folder per bucket, one file per object (survives restarts). */
    public Path s3Dir() {
        return dataDir.resolve("s3");
    }

    /**
     * Left by {@code ./local-fleet start} when the fleet runs but an app does not: the launcher starts the missing
     * apps and records the request's id (the file's content) as {@code restart.done} in the state file.
     */
    public Path restartRequestFile() {
        return dataDir.resolve("fleet.restart-request");
    }

    /** Log files of the launcher and the apps. */
    public Path logDir() {
        return dataDir.resolve("logs");
    }

    /** {@code 127.0.0.1:<kafkaPort>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** {@code http://127.0.0.1:<s3Port>}. */
    public String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    /** Every port the fleet listens on: Kafka, controller, S3, then each app's HTTP port. */
    public List<Integer> ports() {
        List<Integer> ports = new java.util.ArrayList<>(List.of(kafkaPort, controllerPort, s3Port));
        apps.forEach(a -> ports.add(a.httpPort()));
        return ports;
    }
}
