package dev.udpm.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Checks on the fleet's loopback ports: is something listening, could we bind, wait until free. */
public final class Ports {

    private Ports() {
    }

    /** Whether a process accepts TCP connections on 127.0.0.1:{@code port} (within 500 ms). */
    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a server could bind 127.0.0.1:{@code port} now (as the broker, S3Proxy and Quarkus do, with reuse). */
    public static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The ports of {@code ports} that are not free now. */
    public static List<Integer> busy(List<Integer> ports) {
        List<Integer> busy = new ArrayList<>();
        for (int port : ports) {
            if (!free(port)) {
                busy.add(port);
            }
        }
        return busy;
    }

    /** Waits until every port is free; returns those still busy after {@code timeout}. */
    public static List<Integer> awaitFree(List<Integer> ports, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Integer> busy = busy(ports);
        while (!busy.isEmpty() && System.nanoTime() < deadline) {
            sleep(100);
            busy = busy(ports);
        }
        return busy;
    }

    /** A port that was free a moment ago (for tests and {@code --ports auto}). */
    public static int anyFree() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1", e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
