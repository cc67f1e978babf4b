package dev.udpm.bench.faults;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import dev.udpm.embedded.EmbeddedKafka;
import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.embedded.UdpmTopics;

/**
 * One server of the fault suite in a JVM of its own, so that it can be paused (SIGSTOP), killed or stopped and
 * restarted alone, on the same data:
 * <ul>
 *   <li>{@code kafka DIR PORT CONTROLLER_PORT}: the embedded KRaft broker, logs under {@code DIR}, every UDPM topic
 *       created if missing;</li>
 *   <li>{@code s3 DIR PORT ACCESS_KEY SECRET_KEY BUCKET}: S3Proxy with its objects as files under {@code DIR}, the
 *       bucket created if missing.</li>
 * </ul>
 * Prints {@link #READY} once it serves; SIGTERM stops it cleanly (data kept).
 */
public final class ServerMain {

    /** The line printed once the server serves. */
    public static final String READY = "UDPM-FAULTS-SERVER-READY";

    private ServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: kafka DIR PORT CONTROLLER_PORT | s3 DIR PORT AK SK BUCKET");
        }
        AutoCloseable server = switch (args[0]) {
            case "kafka" -> {
                require(args, 4);
                EmbeddedKafka kafka = EmbeddedKafka.startPersistent(Path.of(args[1]), Integer.parseInt(args[2]),
                        Integer.parseInt(args[3]));
                kafka.createTopics(UdpmTopics.specs());
                yield kafka;
            }
            case "s3" -> {
                require(args, 6);
                EmbeddedS3 s3 = EmbeddedS3.startFilesystem(Path.of(args[1]), Integer.parseInt(args[2]), args[3],
                        args[4]);
                s3.createBucket(args[5]);
                yield s3;
            }
            default -> throw new IllegalArgumentException("unknown server '" + args[0] + "': kafka or s3");
        };
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("closing " + args[0] + ": " + e);
            } finally {
                stopped.countDown();
            }
        }));
        System.out.println(READY);
        System.out.flush();
        stopped.await();
    }

    private static void require(String[] args, int n) {
        if (args.length != n) {
            throw new IllegalArgumentException(args[0] + " needs " + (n - 1) + " arguments, got " + (args.length - 1));
        }
    }
}
