package dev.udpm.fleet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import picocli.CommandLine.Option;

/**
 * The fleet's settings on the command line, each with an environment variable and a default. The defaults are the
 * ports and credentials every other part of the project assumes locally: Kafka 127.0.0.1:9092 (controller 9093),
 * S3 http://127.0.0.1:9000 with {@code minioadmin}/{@code minioadmin} and bucket {@code udpm} (the defaults of
 * {@code udpm.storage.*}), worker 8080, trainer 8081, webhooks 8082 (started only when {@code --apps} names it).
 */
public final class FleetOptions {

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:UDPM_FLEET_DATA:-data}",
            description = "Data folder: kafka/, s3/, logs/, worker/, fleet.state (env UDPM_FLEET_DATA, default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "${env:UDPM_KAFKA_PORT:-9092}",
            description = "Kafka client port (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--controller-port", paramLabel = "PORT", defaultValue = "${env:UDPM_KAFKA_CONTROLLER_PORT:-9093}",
            description = "KRaft controller port (default ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--s3-port", paramLabel = "PORT", defaultValue = "${env:UDPM_S3_PORT:-9000}",
            description = "S3Proxy port (default ${DEFAULT-VALUE}).")
    int s3Port;

    @Option(names = "--worker-port", paramLabel = "PORT", defaultValue = "${env:UDPM_WORKER_PORT:-8080}",
            description = "Worker HTTP port (default ${DEFAULT-VALUE}).")
    int workerPort;

    @Option(names = "--trainer-port", paramLabel = "PORT", defaultValue = "${env:UDPM_TRAINER_PORT:-8081}",
            description = "Trainer HTTP port (default ${DEFAULT-VALUE}).")
    int trainerPort;

    @Option(names = "--webhooks-port", paramLabel = "PORT", defaultValue = "${env:UDPM_WEBHOOKS_PORT:-8082}",
            description = "Webhook delivery service HTTP port (default ${DEFAULT-VALUE}).")
    int webhooksPort;

    @Option(names = "--access-key", paramLabel = "KEY", defaultValue = "${env:UDPM_S3_ACCESS_KEY:-minioadmin}",
            description = "S3 access key (default ${DEFAULT-VALUE}).")
    String accessKey;

    /** The environment variable that carries the S3 secret key (to the launcher process, too). */
    static final String SECRET_KEY_ENV = "UDPM_S3_SECRET_KEY";

    @Option(names = "--secret-key", paramLabel = "SECRET", defaultValue = "${env:UDPM_S3_SECRET_KEY:-minioadmin}",
            description = "S3 secret key (default: UDPM_S3_SECRET_KEY, else minioadmin). Never printed.")
    String secretKey;

    @Option(names = "--bucket", paramLabel = "BUCKET", defaultValue = "${env:UDPM_S3_BUCKET:-udpm}",
            description = "The fleet's bucket (default ${DEFAULT-VALUE}).")
    String bucket;

    @Option(names = "--apps", paramLabel = "APP", split = ",", defaultValue = "${env:UDPM_FLEET_APPS:-worker,trainer}",
            description = "Apps to start: worker, trainer, webhooks, or none (default ${DEFAULT-VALUE}).")
    List<String> apps;

    @Option(names = "--home", paramLabel = "DIR", defaultValue = "${env:UDPM_HOME:-.}",
            description = "The repository root, where worker/ and trainer/ are built (env UDPM_HOME, default ${DEFAULT-VALUE}).")
    Path home;

    @Option(names = "--worker-jar", paramLabel = "JAR", description = "Worker fast-jar (default <home>/worker/target/quarkus-app/quarkus-run.jar).")
    Path workerJar;

    @Option(names = "--trainer-jar", paramLabel = "JAR", description = "Trainer fast-jar (default <home>/trainer/target/quarkus-app/quarkus-run.jar).")
    Path trainerJar;

    @Option(names = "--webhooks-jar", paramLabel = "JAR", description = "Webhook delivery fast-jar (default <home>/webhooks/target/quarkus-app/quarkus-run.jar).")
    Path webhooksJar;

    @Option(names = "--bundled-model", paramLabel = "DIR", defaultValue = "${env:UDPM_BUNDLED_MODEL}",
            description = "Exported model folder the worker serves when none is published (env UDPM_BUNDLED_MODEL);"
                    + " default: the trained Fashion-MNIST model packaged in the worker (models/fashion-mnist).")
    Path bundledModel;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "${env:UDPM_FLEET_START_TIMEOUT:-180}",
            description = "Seconds each app may take to come up (default ${DEFAULT-VALUE}).")
    int startTimeoutSeconds;

    /** The resolved configuration. */
    public FleetConfig config() {
        List<AppSpec> specs = new ArrayList<>();
        for (String app : apps) {
            switch (app.trim()) {
                case "worker" -> specs.add(new AppSpec("worker", jar(workerJar, "worker"), workerPort,
                        "./mvnw -pl worker -am package -DskipTests"));
                case "trainer" -> specs.add(new AppSpec("trainer", jar(trainerJar, "trainer"), trainerPort,
                        "./mvnw -pl trainer -am package -DskipTests"));
                case "webhooks" -> specs.add(new AppSpec("webhooks", jar(webhooksJar, "webhooks"), webhooksPort,
                        "./mvnw -pl webhooks -am package -DskipTests"));
                case "none", "" -> { }
                default -> throw new IllegalArgumentException("--apps: unknown app '" + app
                        + "'; use worker, trainer, webhooks or none");
            }
        }
        return new FleetConfig(data.toAbsolutePath().normalize(), kafkaPort, controllerPort, s3Port, accessKey, secretKey,
                bucket, List.copyOf(specs), Optional.ofNullable(bundledModel), Duration.ofSeconds(startTimeoutSeconds));
    }

    /**
     * {@code ./local-fleet <command>} with {@code --data} as given when it is not the default {@code data} folder, so
     * a printed hint works as written.
     */
    public String command(String command) {
        boolean defaultData = data.toAbsolutePath().normalize().equals(Path.of("data").toAbsolutePath().normalize());
        return "./local-fleet " + command + (defaultData ? "" : " --data " + data);
    }

    /**
     * The same settings as arguments, to hand to the launcher process that {@code start} spawns; all but the S3
     * secret key, which goes by the environment ({@value #SECRET_KEY_ENV}).
     */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of("--data", data.toAbsolutePath().toString(),
                "--kafka-port", Integer.toString(kafkaPort), "--controller-port", Integer.toString(controllerPort),
                "--s3-port", Integer.toString(s3Port), "--worker-port", Integer.toString(workerPort),
                "--trainer-port", Integer.toString(trainerPort), "--webhooks-port", Integer.toString(webhooksPort),
                "--access-key", accessKey, "--bucket", bucket, "--apps", apps.isEmpty() ? "none" : String.join(",", apps),
                "--home", home.toAbsolutePath().toString(), "--start-timeout", Integer.toString(startTimeoutSeconds)));
        if (workerJar != null) {
            args.addAll(List.of("--worker-jar", workerJar.toAbsolutePath().toString()));
        }
        if (trainerJar != null) {
            args.addAll(List.of("--trainer-jar", trainerJar.toAbsolutePath().toString()));
        }
        if (webhooksJar != null) {
            args.addAll(List.of("--webhooks-jar", webhooksJar.toAbsolutePath().toString()));
        }
        if (bundledModel != null) {
            args.addAll(List.of("--bundled-model", bundledModel.toAbsolutePath().toString()));
        }
        return args;
    }

    private Path jar(Path given, String module) {
        return (given != null ? given : home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"))
                .toAbsolutePath().normalize();
    }
}
