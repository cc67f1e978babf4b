package dev.udpm.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on a free loopback port (the JDK's HttpServer): records every request and answers what
 * {@link #behaviour} says: a status, optionally after a delay, so a test can fail, delay and answer 500 on purpose.
 */
final class Receiver implements AutoCloseable {

    /** One request as received. */
    record Request(String path, String webhookId, String timestamp, String signature, String contentType,
            byte[] body, Instant at) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The answer to one request: status, and how long to wait before answering. */
    record Answer(int status, long delayMillis) {
        static Answer ok() {
            return new Answer(204, 0);
        }

        static Answer status(int status) {
            return new Answer(status, 0);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private volatile Function<Request, Answer> behaviour = r -> Answer.ok();

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            var h = exchange.getRequestHeaders();
            Request request = new Request(exchange.getRequestURI().getPath(), h.getFirst("webhook-id"),
                    h.getFirst("webhook-timestamp"), h.getFirst("webhook-signature"), h.getFirst("content-type"), body,
                    Instant.now());
            synchronized (requests) {
                requests.add(request);
            }
            Answer answer = behaviour.apply(request);
            if (answer.delayMillis() > 0) {
                try {
                    Thread.sleep(answer.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] reply = "{}".getBytes(StandardCharsets.UTF_8);
            if (answer.status() == 204) {
                exchange.sendResponseHeaders(204, -1);
            } else {
                exchange.sendResponseHeaders(answer.status(), reply.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply);
                }
            }
            exchange.close();
        });
        server.start();
    }

    /** Sets how the receiver answers from now on. */
    void answer(Function<Request, Answer> behaviour) {
        this.behaviour = behaviour;
    }

    /** A URL of this receiver. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Every request so far, in arrival order. */
    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
