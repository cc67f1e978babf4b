package dev.udpm.worker.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP link in front of a real server (the embedded S3Proxy) that a test can cut and restore: {@link #cut()} closes
 * the listening port and every open connection (clients see refused connections and responses cut short, as when
 * the store process dies), {@link #restore()} listens again on the same port. The server behind it keeps its data,
 * like a store restarted on the same volume.
 */
public final class CuttableLink implements AutoCloseable {

    private final InetSocketAddress upstream;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    private CuttableLink(InetSocketAddress upstream, int port) {
        this.upstream = upstream;
        this.port = port;
    }

    /** A link to the server at {@code endpoint} ({@code http://host:port}), listening on a free port. */
    public static CuttableLink to(String endpoint) throws IOException {
        URI uri = URI.create(endpoint);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        CuttableLink link = new CuttableLink(new InetSocketAddress(uri.getHost(), uri.getPort()), port);
        link.restore();
        return link;
    }

    /** The link's base URL. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops listening and drops every connection. */
    public synchronized void cut() {
        ServerSocket current = server;
        server = null;
        closeQuietly(current);
        open.forEach(CuttableLink::closeQuietly);
        open.clear();
    }

    /** Listens again on the same port. */
    public synchronized void restore() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket listening = new ServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new InetSocketAddress("127.0.0.1", port));
        server = listening;
        Thread accept = new Thread(() -> acceptLoop(listening), "cuttable-link-" + port);
        accept.setDaemon(true);
        accept.start();
    }

    private void acceptLoop(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket backend = new Socket(upstream.getHostString(), upstream.getPort());
                open.add(client);
                open.add(backend);
                pump(client, backend);
                pump(backend, client);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException dropped) {
                // cut, or one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "cuttable-link-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        cut();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
