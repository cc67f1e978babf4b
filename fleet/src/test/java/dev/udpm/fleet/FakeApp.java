package dev.udpm.fleet;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a Quarkus app in the launcher tests: serves {@code /q/health/live} (UP) and {@code /q/health/ready}
 * (DOWN, "no model loaded") on {@code QUARKUS_HTTP_PORT}, and records the fleet's environment variables in
 * {@code env.txt} of its working directory.
 */
public final class FakeApp {

    public static void main(String[] args) throws IOException {
        Map<String, String> env = new TreeMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("UDPM_") || k.startsWith("KAFKA_") || k.startsWith("QUARKUS_")) {
                env.put(k, v);
            }
        });
        StringBuilder text = new StringBuilder();
        env.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(Path.of("env.txt"), text.toString());
        int port = Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/q/health/live", e -> reply(e, 200, "{\"status\":\"UP\",\"checks\":[]}"));
        server.createContext("/q/health/ready", e -> reply(e, 503, "{\"status\":\"DOWN\",\"checks\":[{\"name\":"
                + "\"models\",\"status\":\"DOWN\",\"data\":{\"reason\":\"no model loaded\"}}]}"));
        server.start();
        System.out.println("fake app listening on " + port);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange e, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(bytes);
        }
    }
}
