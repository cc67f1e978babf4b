package dev.udpm.bench.faults;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ServerMain} (broker or object store) as a child JVM, which the suite can pause, kill, stop and start again
 * with the same arguments (same port, same data).
 */
final class ServerProcess implements AutoCloseable {

    private final String name;
    private final List<String> args;
    private final Path log;
    private Process process;
    private int starts;

    private ServerProcess(String name, List<String> args, Path log) {
        this.name = name;
        this.args = List.copyOf(args);
        this.log = log;
    }

    /** Starts {@code ServerMain args} and waits until it is ready. */
    static ServerProcess start(String name, List<String> args, Path log, Duration timeout)
            throws IOException, InterruptedException {
        ServerProcess server = new ServerProcess(name, args, log);
        server.restart(timeout);
        return server;
    }

    /** Starts the server again (after {@link #stop()} or {@link #kill()}), same port and data; waits until ready. */
    void restart(Duration timeout) throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " still runs");
        }
        Path out = log.resolveSibling(log.getFileName() + "." + (++starts));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-cp", classpath(), ServerMain.class.getName()));
        command.addAll(args);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(out).contains(ServerMain.READY)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + out);
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException(name + " not ready within " + timeout + "; see " + out);
            }
            Thread.sleep(100);
        }
    }

    /** SIGSTOP: the process keeps its sockets but answers nothing. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** SIGTERM and wait: a clean stop, data kept. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** SIGKILL and wait. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    private void signal(String signal) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " (" + name + ") exited " + rc);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            try {
                resume(); // a paused JVM cannot run its shutdown hook
            } catch (IOException e) {
                // best effort: stop() below ends it anyway
            }
            stop();
        }
    }

    /**
     * The classpath of this JVM as a child can use it: the URLs of the class loaders (exec:java runs the bench in a
     * URL class loader inside Maven) or else {@code java.class.path} (surefire, a plain java -cp).
     */
    static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader l = ServerProcess.class.getClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        entries.add(new File(java.net.URI.create(url.toString())).getPath());
                    }
                }
            }
        }
        if (entries.isEmpty()) {
            return System.getProperty("java.class.path");
        }
        return String.join(File.pathSeparator, entries);
    }
}
